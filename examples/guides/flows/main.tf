# A sign-up Flow with an endpoint, the number's business public key for it,
# and a template whose button opens the Flow.
variable "publish_flows" {
  type    = bool
  default = false # CI sets it to true on the main branch: drafts on branches, published on merge
}

resource "whatsapp_business_encryption" "support" {
  phone_number_id     = "110200345501442"
  business_public_key = <<-EOT
    -----BEGIN PUBLIC KEY-----
    MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtGqyy32dE0CB/oTRs9Lo
    eMWXZMjcsZXkic2fLjwvc5Gdl33QLlhm6SkCFUHdMOx9uMApmO2wFOYQ+9mZZnMN
    9LAUy9EohBqOZeRaRIyXx+EXDQ0yE1tiIVs19t50jXh5vUuzEv0uAhaGFtirQrQU
    3Uy+3+l06cTnf9zzT9p51U+tI47neu9ITAF7n7j6SHI3QuZvGUaJOefHiO2wBWk1
    Z30qA5DzPiyOFlcJ7vc8AiCYhyEEua7hGfbbKYIonTjNnGvSyYmFc11jlepz3Evq
    FaJDNYtlujq8/UaDQ5DXBAUCWnwDuoNxhXYnaLXeWzghp94YjTcVUg+cka+Ftp4k
    ZQIDAQAB
    -----END PUBLIC KEY-----
  EOT
}

resource "whatsapp_flow" "signup" {
  waba_id              = "104996122399160"
  name                 = "newsletter_signup"
  categories           = ["SIGN_UP"]
  endpoint_uri         = "https://flows.acme.example/signup"
  publish              = var.publish_flows
  deprecate_on_destroy = true
  # In your repository: flow_json = file("${path.module}/flows/signup.json")
  flow_json = jsonencode({
    version          = "7.2"
    data_api_version = "3.0"
    routing_model    = { SIGN_UP = [] }
    screens = [{
      id       = "SIGN_UP"
      title    = "Join the newsletter"
      terminal = true
      data     = {}
      layout = {
        type = "SingleColumnLayout"
        children = [
          { type = "TextInput", name = "email", label = "Email", "input-type" = "email", required = true },
          { type = "Footer", label = "Sign up", "on-click-action" = { name = "data_exchange", payload = { email = "$${form.email}" } } },
        ]
      }
    }]
  })

  depends_on = [whatsapp_business_encryption.support]
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
    type        = "FLOW"
    text        = "Sign up"
    flow_id     = whatsapp_flow.signup.id
    flow_action = "DATA_EXCHANGE"
  }]
}

output "signup_preview_url" {
  value = whatsapp_flow.signup.preview_url
}
