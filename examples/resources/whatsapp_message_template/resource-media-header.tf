# A marketing template with an image header: the provider uploads the local
# file with Meta's Resumable Upload API as the example Meta's review sees,
# and uploads it again when the file's hash changes.
variable "spring_sale_image" {
  type    = string
  default = "spring-sale.png"
}

resource "whatsapp_message_template" "spring_sale" {
  waba_id  = "104996122399160"
  name     = "spring_sale"
  language = "de"
  category = "MARKETING"

  header = {
    format       = "IMAGE"
    media_file   = var.spring_sale_image
    media_sha256 = filesha256(var.spring_sale_image)
  }

  body = {
    text = "Frühlingsangebot: 20 % auf alles bis Sonntag, {{1}}!"
    examples = {
      "1" = "Jana"
    }
  }

  buttons = [
    { type = "QUICK_REPLY", text = "Mehr zeigen" },
    { type = "QUICK_REPLY", text = "Keine Werbung" },
  ]
}
