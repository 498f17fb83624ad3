# The account's published sign-up Flows, say to wire one into a template's
# FLOW button by name.
data "whatsapp_flows" "signup" {
  waba_id  = "104996122399160"
  status   = "PUBLISHED"
  category = "SIGN_UP"
}

output "published_signup_flows" {
  value = { for f in data.whatsapp_flows.signup.flows : f.name => f.id }
}
