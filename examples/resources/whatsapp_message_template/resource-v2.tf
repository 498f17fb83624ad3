# Meta never changes an approved template's category, and locks a deleted
# approved template's name for 30 days. A change that needs a new template
# therefore also changes the name: here the category, with a _v2 suffix.
# create_before_destroy makes Terraform create order_update_v2 first and
# delete order_update (whose name then stays locked for 30 days) only once
# the new template exists: should the create fail, the approved template is
# still there.
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

  lifecycle {
    create_before_destroy = true
  }
}
