# A number's business public key, by <phone_number_id>:
terraform import whatsapp_business_encryption.support 110200345501442
