# A number's callback override, by the phone number ID:
terraform import whatsapp_phone_number_webhook.support 110200345501442
