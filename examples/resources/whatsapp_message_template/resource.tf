# A utility template with named parameters and a URL button whose link ends
# in a parameter.
resource "whatsapp_message_template" "order_shipped" {
  waba_id          = "104996122399160"
  name             = "order_shipped"
  language         = "en_US"
  category         = "UTILITY"
  parameter_format = "NAMED"

  body = {
    text = "Hello {{first_name}}, your order {{order_id}} is on its way."
    examples = {
      first_name = "Jana"
      order_id   = "A-1042"
    }
  }

  footer = {
    text = "Acme Shop"
  }

  buttons = [{
    type    = "URL"
    text    = "Track order"
    url     = "https://acme.example/track/{{1}}"
    example = "A-1042"
  }]
}
