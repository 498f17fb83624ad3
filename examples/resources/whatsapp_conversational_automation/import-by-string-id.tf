import {
  to = whatsapp_conversational_automation.support
  id = "110200345501442"
}
