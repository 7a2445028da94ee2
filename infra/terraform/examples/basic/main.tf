# A Python function on x86_64 (what layer-build/build.sh builds) that ships its logs to OpenObserve through the extension layer.
# Needs an AWS account: terraform init && terraform apply -var organization=... (README.md).

terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = ">= 2.4"
    }
  }
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-west-1"
}

variable "architecture" {
  description = "The function's architecture, and the layer's: x86_64, or arm64 once layer-build/build.sh --arch arm64 has built its zip."
  type        = string
  default     = "x86_64"
}

variable "organization" {
  description = "OpenObserve organization (O2_ORGANIZATION_ID)."
  type        = string
}

variable "endpoint" {
  description = "OpenObserve base URL; null for https://api.openobserve.ai."
  type        = string
  default     = null
}

variable "authorization_secret_name" {
  description = "Secrets Manager secret holding the whole Authorization header (e.g. \"Basic <base64 of email:ingestion token>\"); the extension reads it during Init."
  type        = string
  default     = "o2-lambda-extension/authorization"
}

variable "layer_s3_bucket" {
  description = "Existing bucket in var.region to publish the layer through; needed for a zip over 50 MB, such as the JVM variant's (../../README.md)."
  type        = string
  default     = null
}

provider "aws" {
  region = var.region
}

# The secret's ARN (its metadata only: the value is read by the extension, never by Terraform).
data "aws_secretsmanager_secret" "authorization" {
  name = var.authorization_secret_name
}

module "o2_extension" {
  source = "../.."

  architectures            = [var.architecture]
  s3_bucket                = var.layer_s3_bucket
  organization             = var.organization
  endpoint                 = var.endpoint
  stream                   = "lambda_example"
  authorization_secret_arn = data.aws_secretsmanager_secret.authorization.arn
  # the role may read exactly that secret
  role_name = aws_iam_role.function.name
}

data "archive_file" "function" {
  type        = "zip"
  output_path = "${path.module}/.build/function.zip"

  source {
    filename = "index.py"
    content  = <<-PY
      import json

      def handler(event, context):
          print(json.dumps({"message": "hello from the o2-lambda-extension example", "event": event}))
          return {"ok": True}
    PY
  }
}

resource "aws_iam_role" "function" {
  name_prefix = "o2-extension-example-"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.function.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "hello" {
  function_name    = "o2-extension-example"
  role             = aws_iam_role.function.arn
  runtime          = "python3.13"
  handler          = "index.handler"
  architectures    = [var.architecture]
  filename         = data.archive_file.function.output_path
  source_code_hash = data.archive_file.function.output_base64sha256
  memory_size      = 256
  timeout          = 10

  layers = [module.o2_extension.layer_arns[var.architecture]]

  environment {
    variables = merge(module.o2_extension.environment, {
      # The function's own variables go here.
    })
  }
}

output "function_name" {
  value = aws_lambda_function.hello.function_name
}

output "layer_arns" {
  value = module.o2_extension.layer_arns
}
