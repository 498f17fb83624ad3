# The code on the summer packaging: the message is copy marketing changes,
# the code and link stay the same.
resource "whatsapp_qr_code" "packaging" {
  phone_number_id   = "110200345501442"
  prefilled_message = "Hi! I have a question about my order."
  image_format      = "SVG"
}

output "packaging_link" {
  value = whatsapp_qr_code.packaging.deep_link_url
}
