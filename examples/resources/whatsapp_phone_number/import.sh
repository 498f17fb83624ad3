# A number already on the account, by <waba_id>/<phone_number_id>:
terraform import whatsapp_phone_number.sales 104996122399160/110200345509999
