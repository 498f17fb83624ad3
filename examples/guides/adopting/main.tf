# The configuration to adopt an existing setup into: the provider, and
# (after `terraform query -generate-config-out=adopt.tf`) the generated
# resource and import blocks in adopt.tf beside it.
terraform {
  required_providers {
    whatsapp = {
      source = "waba-terraform/whatsapp"
    }
  }
}

# The access token comes from WHATSAPP_ACCESS_TOKEN.
provider "whatsapp" {}
