import {
  to = whatsapp_flow.signup
  id = "104996122399160/1183907543004829"
}
