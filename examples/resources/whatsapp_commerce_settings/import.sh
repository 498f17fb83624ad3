# A number's commerce settings, by the phone number ID:
terraform import whatsapp_commerce_settings.support 110200345501442
