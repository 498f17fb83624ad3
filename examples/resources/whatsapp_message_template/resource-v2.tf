# Meta never changes an approved template's category, and locks a deleted
# approved template's name for 30 days. A change that needs a new template
# therefore also changes the name: here the category, with a _v2 suffix.
# Terraform deletes order_update (its name stays locked for 30 days) and
# creates order_update_v2.
resource "whatsapp_message_template" "order_update" {
  waba_id  = "104996122399160"
  name     = "order_update_v2" # was "order_update", category "UTILITY"
  language = "en_US"
  category = "MARKETING"

  body = {
    text = "Your order {{1}} has shipped, and we picked a treat for you."
    examples = {
      "1" = "A-1042"
    }
  }
}
