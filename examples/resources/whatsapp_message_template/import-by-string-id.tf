import {
  to = whatsapp_message_template.order_shipped
  id = "104996122399160/order_shipped/en_US"
}
