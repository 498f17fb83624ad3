import {
  to = whatsapp_assigned_user.jane
  identity = {
    waba_id = "104996122399160"
    user_id = "100055555555555"
  }
}
