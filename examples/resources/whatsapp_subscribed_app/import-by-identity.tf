import {
  to = whatsapp_subscribed_app.support
  identity = {
    waba_id = "104996122399160"
    app_id  = "670843887433847"
  }
}
