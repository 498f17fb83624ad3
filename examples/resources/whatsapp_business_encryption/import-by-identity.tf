import {
  to = whatsapp_business_encryption.support
  identity = {
    phone_number_id = "110200345501442"
  }
}
