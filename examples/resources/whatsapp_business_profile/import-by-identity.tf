import {
  to = whatsapp_business_profile.support
  identity = {
    phone_number_id = "110200345501442"
  }
}
