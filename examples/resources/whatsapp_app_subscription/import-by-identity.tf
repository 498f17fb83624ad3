import {
  to = whatsapp_app_subscription.webhook
  identity = {
    app_id = "670843887433847"
  }
}
