import {
  to = whatsapp_subscribed_app.support
  id = "104996122399160"
}
