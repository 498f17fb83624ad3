import {
  to = whatsapp_commerce_settings.support
  id = "110200345501442"
}
