# Set up a Windows machine as a halo-forge build server (run once, in an elevated PowerShell).
#
#   powershell -ExecutionPolicy Bypass -File setup_build_server.ps1 -User builder -PublicKey "ssh-ed25519 AAAA... you@linux"
#
# What it does: installs and starts the OpenSSH server, installs Visual Studio 2022 Build Tools with the C++
# workload (winget), creates the build user's key-only login, creates C:\halo-forge (the server script and
# its work folder), copies msvc_server.ps1 there, and prints the Defender exclusion to consider.
# NOTE: not run by the project's CI (no Windows host there); see docs/windows-build-server.md.

param(
    [Parameter(Mandatory = $true)][string]$User,
    [Parameter(Mandatory = $true)][string]$PublicKey,
    [string]$Root = "C:\halo-forge"
)

$ErrorActionPreference = "Stop"

Write-Host "1/5 OpenSSH server"
$cap = Get-WindowsCapability -Online | Where-Object Name -like "OpenSSH.Server*"
if ($cap.State -ne "Installed") { Add-WindowsCapability -Online -Name $cap.Name | Out-Null }
Set-Service -Name sshd -StartupType Automatic
Start-Service sshd
if (-not (Get-NetFirewallRule -Name "OpenSSH-Server-In-TCP" -ErrorAction SilentlyContinue)) {
    New-NetFirewallRule -Name "OpenSSH-Server-In-TCP" -DisplayName "OpenSSH Server (sshd)" -Enabled True `
        -Direction Inbound -Protocol TCP -Action Allow -LocalPort 22 | Out-Null
}
# PowerShell as the default shell keeps the verifier's remote command simple.
New-ItemProperty -Path "HKLM:\SOFTWARE\OpenSSH" -Name DefaultShell -PropertyType String -Force `
    -Value "C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" | Out-Null

Write-Host "2/5 Visual Studio Build Tools (C++ workload) - this takes a while"
winget install --id Microsoft.VisualStudio.2022.BuildTools --silent --accept-package-agreements `
    --accept-source-agreements --override "--quiet --wait --add Microsoft.VisualStudio.Workload.VCTools --includeRecommended"

Write-Host "3/5 key-only login for $User"
if (-not (Get-LocalUser -Name $User -ErrorAction SilentlyContinue)) {
    $password = [System.Web.Security.Membership]::GeneratePassword(32, 4)
    New-LocalUser -Name $User -Password (ConvertTo-SecureString $password -AsPlainText -Force) `
        -Description "halo-forge build server" -PasswordNeverExpires | Out-Null
}
$sshDir = "C:\Users\$User\.ssh"
New-Item -ItemType Directory -Force -Path $sshDir | Out-Null
Set-Content -Path "$sshDir\authorized_keys" -Value $PublicKey -Encoding ascii
icacls "$sshDir\authorized_keys" /inheritance:r /grant "${User}:F" /grant "SYSTEM:F" | Out-Null
# Key auth only for this server.
$config = "C:\ProgramData\ssh\sshd_config"
(Get-Content $config) -replace '^#?PasswordAuthentication .*', 'PasswordAuthentication no' | Set-Content $config
Restart-Service sshd

Write-Host "4/5 work folders and the server script"
New-Item -ItemType Directory -Force -Path "$Root\work" | Out-Null
Copy-Item -Force (Join-Path $PSScriptRoot "msvc_server.ps1") "$Root\msvc_server.ps1"
icacls $Root /grant "${User}:(OI)(CI)M" | Out-Null

Write-Host "5/5 Defender"
Write-Host "Real-time scanning of every freshly built .exe slows each sample by 0.1-1 s. On a dedicated build"
Write-Host "machine you may exclude the work folder (a security trade-off: model-written programs run there):"
Write-Host "    Add-MpPreference -ExclusionPath '$Root\work'"
Write-Host ""
Write-Host "Done. From Linux:  halo-forge info --msvc <this-host> --msvc-user $User --msvc-key ~/.ssh/id_ed25519"
