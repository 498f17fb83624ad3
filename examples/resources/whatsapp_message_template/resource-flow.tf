# A template whose button opens a WhatsApp Flow managed next to it: the
# template references the Flow by ID, so Terraform creates (and publishes)
# the Flow first.
resource "whatsapp_flow" "newsletter" {
  waba_id              = "104996122399160"
  name                 = "newsletter_signup"
  categories           = ["SIGN_UP"]
  publish              = true
  deprecate_on_destroy = true
  flow_json = jsonencode({
    version = "7.2"
    screens = [{
      id       = "SIGN_UP"
      title    = "Join the newsletter"
      terminal = true
      layout = {
        type = "SingleColumnLayout"
        children = [
          { type = "TextInput", name = "email", label = "Email", "input-type" = "email", required = true },
          { type = "Footer", label = "Sign up", "on-click-action" = { name = "complete", payload = { email = "$${form.email}" } } },
        ]
      }
    }]
  })
}

resource "whatsapp_message_template" "newsletter_invite" {
  waba_id  = "104996122399160"
  name     = "newsletter_invite"
  language = "en_US"
  category = "MARKETING"

  body = {
    text = "Get our weekly picks first: sign up in two taps."
  }

  buttons = [{
    type            = "FLOW"
    text            = "Sign up"
    flow_id         = whatsapp_flow.newsletter.id
    flow_action     = "NAVIGATE"
    navigate_screen = "SIGN_UP"
  }]
}
