# A QR code, by the phone number ID and the code:
terraform import whatsapp_qr_code.packaging 110200345501442/4O4YGZEG3RIVE1
