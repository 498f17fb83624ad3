import {
  to = whatsapp_assigned_user.jane
  id = "104996122399160/100055555555555"
}
