# A number registered already, by its phone number ID:
terraform import whatsapp_phone_number_registration.support 110200345501442
