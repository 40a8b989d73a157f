; Inno Setup script for the Windows installer (Inno Setup 6). Built by .github/workflows/package-windows.yml:
;   python packaging\build.py --no-installers
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\fttool.iss
; Input: build\package\dist\fttool\ (fttool-app.exe: the window, fttool.exe: the command-line tool, _internal\).
; Output: build\package\fttool-<version>-windows-x64-setup.exe
; Installs per user by default (no administrator needed) or for all users (the setup asks).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Root "..\.."

[Setup]
AppId={{6C0E9B0A-3F4D-4C8B-9C55-7A1F2E5D9B31}
AppName=fttool
AppVersion={#AppVersion}
AppVerName=fttool {#AppVersion}
AppPublisher=fttool developers
AppComments=Decide whether to fine-tune, prepare the data, train and chat with the tuned model
DefaultDirName={autopf}\fttool
DefaultGroupName=fttool
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\build\package
OutputBaseFilename=fttool-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\resources\icons\fttool.ico
UninstallDisplayIcon={app}\fttool-app.exe
UninstallDisplayName=fttool
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the fttool command-line tool to PATH"; GroupDescription: "Command line:"; Flags: unchecked

[Files]
Source: "{#Root}\build\package\dist\fttool\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\fttool"; Filename: "{app}\fttool-app.exe"; Comment: "Fine-tuning without code"
Name: "{autodesktop}\fttool"; Filename: "{app}\fttool-app.exe"; Tasks: desktopicon

[Registry]
; per-user install: the user's PATH; all-users install: the system PATH (HKA picks the right one)
Root: HKA; Subkey: "{code:EnvKey}"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; \
    Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\fttool-app.exe"; Description: "{cm:LaunchProgram,fttool}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; the app's own folder only: projects, settings and jobs live in the user's data folder and are kept
Type: filesandordirs; Name: "{app}\_internal"

[Code]
function EnvKey(Param: String): String;
begin
  if IsAdminInstallMode then
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  else
    Result := 'Environment';
end;

function NeedsAddPath(Dir: String): Boolean;
var
  Paths: String;
begin
  if not RegQueryStringValue(HKA, EnvKey(''), 'Path', Paths) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;
