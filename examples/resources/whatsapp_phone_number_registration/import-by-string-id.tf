import {
  to = whatsapp_phone_number_registration.support
  id = "110200345501442"
}
