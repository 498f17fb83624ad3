import {
  to = whatsapp_app_subscription.webhook
  id = "670843887433847"
}
