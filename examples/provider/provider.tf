terraform {
  required_providers {
    whatsapp = {
      source = "waba-terraform/whatsapp"
    }
  }
}

# The token comes from WHATSAPP_ACCESS_TOKEN (a system user token with the
# whatsapp_business_management and business_management permissions), and the
# app secret, when the app requires one, from WHATSAPP_APP_SECRET.
provider "whatsapp" {
  api_version = "v25.0"

  # In CI, fail fast instead of waiting out a long rate-limit window.
  max_rate_limit_wait = "2m"
  max_retries         = 8
}
