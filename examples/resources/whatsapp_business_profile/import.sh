# The profile of a number, by the phone number ID:
terraform import whatsapp_business_profile.support 110200345501442
