# halo-forge Windows build server: the remote side of RemoteMSVCVerifier (protocol version 1).
#
# Started once per verifier worker by `ssh builder@winbuild powershell -File C:\halo-forge\msvc_server.ps1`;
# reads one JSON request per line on stdin and writes one JSON response per line on stdout:
#   {"op":"hello"}                                              -> {"ok":true,"protocol":1,"compiler":"...","pid":N}
#   {"op":"compile","job":J,"language":"c|cpp","source":S,"flags":[...],"timeout":s}
#                                                               -> {"ok":bool,"returncode":n,"timed_out":bool,"output":S}
#   {"op":"run","job":J,"stdin":S,"timeout":s}                  -> {"ok":true,"returncode":n,"stdout":S,"stderr":S,
#                                                                   "timed_out":bool,"duration":s}
#   {"op":"cleanup","job":J}                                    -> {"ok":true}
# Every response echoes the request's "id". A run past its timeout has its whole process tree killed here
# (taskkill /T /F). Job folders live under $WorkRoot and are removed on cleanup and when the session ends.
# See docs/windows-build-server.md. NOTE: this script has not been run against a real Windows machine by
# the project's CI (no Windows host there); its POSIX twin toolbox/windows/msvc_server_posix.py is what the
# tests exercise.

param(
    [string]$WorkRoot = "C:\halo-forge\work",
    [string]$VcVars = ""
)

$ErrorActionPreference = "Stop"
[Console]::InputEncoding = [System.Text.UTF8Encoding]::new($false)
[Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)

function Import-VcEnvironment {
    # cl.exe needs the environment that vcvars64.bat sets up; import it once per session.
    $vcvars = $VcVars
    if (-not $vcvars) {
        $vswhere = Join-Path ${env:ProgramFiles(x86)} "Microsoft Visual Studio\Installer\vswhere.exe"
        if (-not (Test-Path $vswhere)) { throw "vswhere.exe not found: install Visual Studio Build Tools" }
        $install = & $vswhere -latest -products * -requires Microsoft.VisualStudio.Component.VC.Tools.x86.x64 -property installationPath
        if (-not $install) { throw "no Visual Studio installation with the C++ build tools" }
        $vcvars = Join-Path $install "VC\Auxiliary\Build\vcvars64.bat"
    }
    $lines = & cmd.exe /c "`"$vcvars`" >nul 2>&1 && set"
    foreach ($line in $lines) {
        $i = $line.IndexOf("=")
        if ($i -gt 0) { [Environment]::SetEnvironmentVariable($line.Substring(0, $i), $line.Substring($i + 1)) }
    }
}

function Invoke-Process([string]$File, [string[]]$Arguments, [string]$Directory, [string]$Stdin, [double]$Timeout) {
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $File
    foreach ($a in $Arguments) { [void]$psi.ArgumentList.Add($a) }
    $psi.WorkingDirectory = $Directory
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.StandardOutputEncoding = [System.Text.Encoding]::UTF8
    $psi.StandardErrorEncoding = [System.Text.Encoding]::UTF8
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $proc = [System.Diagnostics.Process]::Start($psi)
    $outTask = $proc.StandardOutput.ReadToEndAsync()
    $errTask = $proc.StandardError.ReadToEndAsync()
    try { $proc.StandardInput.Write($Stdin); $proc.StandardInput.Close() } catch { }
    $timedOut = -not $proc.WaitForExit([int]($Timeout * 1000))
    if ($timedOut) {
        # Kill the whole tree on this machine, not just the direct child.
        & taskkill.exe /T /F /PID $proc.Id 2>&1 | Out-Null
        [void]$proc.WaitForExit(5000)
    }
    $code = if ($timedOut) { $null } else { $proc.ExitCode }
    return @{ returncode = $code; stdout = $outTask.Result; stderr = $errTask.Result; timed_out = $timedOut;
              duration = [math]::Round($watch.Elapsed.TotalSeconds, 4) }
}

$Jobs = @{}

function Get-JobDir([string]$Job, [bool]$Create) {
    if ($Job -notmatch '^[0-9a-f]{8,64}$') { throw "bad job id" }
    $dir = Join-Path $WorkRoot $Job
    if ($Create) { New-Item -ItemType Directory -Force -Path $dir | Out-Null; $Jobs[$Job] = $dir }
    elseif (-not $Jobs.ContainsKey($Job)) { throw "unknown job $Job" }
    return $dir
}

function Invoke-Request($req) {
    switch ($req.op) {
        "hello" {
            $version = (& cl.exe 2>&1 | Select-Object -First 1) -join ""
            return @{ ok = $true; protocol = 1; compiler = $version; pid = $PID }
        }
        "compile" {
            $dir = Get-JobDir $req.job $true
            $name = if ($req.language -eq "cpp") { "solution.cpp" } else { "solution.c" }
            [System.IO.File]::WriteAllText((Join-Path $dir $name), $req.source, [System.Text.UTF8Encoding]::new($false))
            $args = @($req.flags) + @($name, "/Fe:solution.exe")
            $r = Invoke-Process "cl.exe" $args $dir "" ([double]$req.timeout)
            $output = ($r.stdout + "`n" + $r.stderr).Trim()
            return @{ ok = ($r.returncode -eq 0); returncode = $r.returncode; timed_out = $r.timed_out; output = $output }
        }
        "run" {
            $dir = Get-JobDir $req.job $false
            $r = Invoke-Process (Join-Path $dir "solution.exe") @() $dir ([string]$req.stdin) ([double]$req.timeout)
            $r.ok = $true
            return $r
        }
        "cleanup" {
            if ($Jobs.ContainsKey($req.job)) {
                Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Jobs[$req.job]
                $Jobs.Remove($req.job)
            }
            return @{ ok = $true }
        }
        default { throw "unknown op $($req.op)" }
    }
}

New-Item -ItemType Directory -Force -Path $WorkRoot | Out-Null
Import-VcEnvironment
try {
    while ($null -ne ($line = [Console]::In.ReadLine())) {
        if (-not $line.Trim()) { continue }
        $id = $null
        try {
            $req = $line | ConvertFrom-Json
            $id = $req.id
            $resp = Invoke-Request $req
        } catch {
            $resp = @{ ok = $false; error = "$($_.Exception.Message)" }
        }
        $resp.id = $id
        [Console]::Out.WriteLine(($resp | ConvertTo-Json -Compress -Depth 4))
        [Console]::Out.Flush()
    }
} finally {
    foreach ($dir in $Jobs.Values) { Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $dir }
}
