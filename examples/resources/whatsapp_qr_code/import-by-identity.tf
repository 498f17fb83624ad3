import {
  to = whatsapp_qr_code.packaging
  identity = {
    phone_number_id = "110200345501442"
    code            = "4O4YGZEG3RIVE1"
  }
}
