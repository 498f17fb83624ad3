import {
  to = whatsapp_commerce_settings.support
  identity = {
    phone_number_id = "110200345501442"
  }
}
