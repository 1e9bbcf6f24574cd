// The end-to-end tests run Debian's ngircd and a linux-x64 Native AOT binary.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
