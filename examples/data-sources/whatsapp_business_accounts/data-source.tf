# The accounts a business owns and those it manages for clients.
data "whatsapp_business_accounts" "acme" {
  business_id  = "506914307656634"
  relationship = "all"
}

output "acme_accounts" {
  value = { for a in data.whatsapp_business_accounts.acme.accounts : a.id => "${a.name} (${a.relationship})" }
}
