# A sign-up Flow, published on apply. Keep the Flow JSON in the repository
# and use flow_json = file("${path.module}/flows/signup.json"): it is
# compared by meaning, so formatting it never makes a diff.
resource "whatsapp_flow" "signup" {
  waba_id    = "104996122399160"
  name       = "newsletter_signup"
  categories = ["SIGN_UP"]
  publish    = true
  # Meta deletes only drafts: destroying a published Flow deprecates it.
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
