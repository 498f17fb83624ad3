import {
  to = whatsapp_business_encryption.support
  id = "110200345501442"
}
