# An authentication template with a one-tap OTP button: Meta writes the body
# ("<code> is your verification code.") and the footer from these settings.
resource "whatsapp_message_template" "login_code" {
  waba_id                  = "104996122399160"
  name                     = "login_code"
  language                 = "en_US"
  category                 = "AUTHENTICATION"
  message_send_ttl_seconds = 300

  body = {
    add_security_recommendation = true
  }

  footer = {
    code_expiration_minutes = 5
  }

  buttons = [{
    type     = "OTP"
    otp_type = "ONE_TAP"
    supported_apps = [{
      package_name   = "com.acme.app"
      signature_hash = "K8a/AINcGX7"
    }]
  }]
}
