import {
  to = whatsapp_phone_number.sales
  id = "104996122399160/110200345509999"
}
