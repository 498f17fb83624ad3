import {
  to = whatsapp_qr_code.packaging
  id = "110200345501442/4O4YGZEG3RIVE1"
}
