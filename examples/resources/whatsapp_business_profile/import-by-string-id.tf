import {
  to = whatsapp_business_profile.support
  id = "110200345501442"
}
