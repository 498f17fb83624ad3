resource "whatsapp_conversational_automation" "support" {
  phone_number_id        = "110200345501442"
  enable_welcome_message = true
  prompts                = ["Track my order", "Return an item"]

  commands = [
    { name = "status", description = "The status of an order" },
    { name = "agent", description = "Talk to a person" },
  ]
}
