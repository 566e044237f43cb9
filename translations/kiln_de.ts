<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Kiln</source>
        <translation>Über Kiln</translation>
    </message>
    <message>
        <source>Build, bake, scan and distribute the container and OS images of your compute platform, and decide who may run them.</source>
        <translation>Erstellen, backen, scannen und verteilen Sie die Container- und Betriebssystem-Images Ihrer Compute-Plattform und legen Sie fest, wer sie ausführen darf.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>Kiln::AboutDialog</name>
    <message>
        <source>&lt;h2&gt;Kiln %1&lt;/h2&gt;&lt;p&gt;Image administration for compute platforms&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Kiln %1&lt;/h2&gt;&lt;p&gt;Image-Verwaltung für Compute-Plattformen&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (kompiliert mit %2)</translation>
    </message>
    <message>
        <source>Syntax highlighting</source>
        <translation>Syntaxhervorhebung</translation>
    </message>
</context>
<context>
    <name>Kiln::Composition</name>
    <message>
        <source>Kiln: build, manage and distribute the images of your compute platform.</source>
        <translation>Kiln: Images Ihrer Compute-Plattform erstellen, verwalten und verteilen.</translation>
    </message>
    <message>
        <source>Open the SQLite catalogue at PATH instead of the default (%1).</source>
        <translation>Den SQLite-Katalog unter PATH statt des Standardkatalogs (%1) öffnen.</translation>
    </message>
    <message>
        <source>Kiln cannot create the folder for its catalogue: %1</source>
        <translation>Kiln kann den Ordner für seinen Katalog nicht anlegen: %1</translation>
    </message>
    <message>
        <source>Kiln cannot open the catalogue %1.

%2</source>
        <translation>Kiln kann den Katalog %1 nicht öffnen.

%2</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Image specs</source>
        <translation>Image-Spezifikationen</translation>
    </message>
    <message>
        <source>Build jobs</source>
        <translation>Build-Aufträge</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>Registries</source>
        <translation>Registrys</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>Schema version</source>
        <translation>Schemaversion</translation>
    </message>
    <message>
        <source>Container engines</source>
        <translation>Container-Engines</translation>
    </message>
    <message>
        <source>none found</source>
        <translation>keine gefunden</translation>
    </message>
    <message>
        <source>Queued: %1</source>
        <translation>In der Warteschlange: %1</translation>
    </message>
    <message>
        <source>Building %1</source>
        <translation>Build von %1 läuft</translation>
    </message>
    <message>
        <source>Built %1</source>
        <translation>%1 erstellt</translation>
    </message>
    <message>
        <source>Build of %1 %2: %3</source>
        <translation>Build von %1 %2: %3</translation>
    </message>
</context>
<context>
    <name>Kiln::EngineModel</name>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>Noch nicht geprüft</translation>
    </message>
    <message>
        <source>Not installed</source>
        <translation>Nicht installiert</translation>
    </message>
    <message>
        <source>Unusable: %1</source>
        <translation>Nicht nutzbar: %1</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>Kiln::MainWindow</name>
    <message>
        <source>Kiln</source>
        <translation>Kiln</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Detecting container engines…</source>
        <translation>Suche nach Container-Engines…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Kiln</source>
        <translation>Ü&amp;ber Kiln</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Catalogue: %1</source>
        <translation>Katalog: %1</translation>
    </message>
    <message>
        <source>No container engine found</source>
        <translation>Keine Container-Engine gefunden</translation>
    </message>
    <message>
        <source>Install buildah, podman or docker to build images.</source>
        <translation>Installieren Sie buildah, podman oder docker, um Images zu erstellen.</translation>
    </message>
    <message>
        <source>Engine: %1 %2</source>
        <translation>Engine: %1 %2</translation>
    </message>
    <message>
        <source>Detected: %1
Using: %2</source>
        <translation>Gefunden: %1
Verwendet: %2</translation>
    </message>
    <message>
        <source>Secrets: encrypted file</source>
        <translation>Secrets: verschlüsselte Datei</translation>
    </message>
</context>
<context>
    <name>Kiln::OverviewPage</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Empty</source>
        <translation>Leer</translation>
    </message>
    <message>
        <source>Looking for buildah, podman and docker…</source>
        <translation>Suche nach buildah, podman und docker…</translation>
    </message>
    <message>
        <source>No container engine is installed. Install buildah (recommended), podman or docker to build images.</source>
        <translation>Es ist keine Container-Engine installiert. Installieren Sie buildah (empfohlen), podman oder docker, um Images zu erstellen.</translation>
    </message>
    <message>
        <source>Builds use %1, the first available engine in your preference order. Change the order in Settings (Ctrl+,).</source>
        <translation>Builds verwenden %1, die erste verfügbare Engine in Ihrer bevorzugten Reihenfolge. Die Reihenfolge können Sie in den Einstellungen ändern (Strg+,).</translation>
    </message>
</context>
<context>
    <name>Kiln::SettingsDialog</name>
    <message>
        <source>Unknown setting %1</source>
        <translation>Unbekannte Einstellung %1</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>&lt;h2&gt;Overview&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Übersicht&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Speicherort:</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>Schemaversion:</translation>
    </message>
    <message>
        <source>Contents:</source>
        <translation>Inhalt:</translation>
    </message>
    <message>
        <source>Container engines</source>
        <translation>Container-Engines</translation>
    </message>
    <message>
        <source>Detect &amp;Again</source>
        <translation>&amp;Erneut suchen</translation>
    </message>
    <message>
        <source>Scripting</source>
        <translation>Skripting</translation>
    </message>
    <message>
        <source>Every action in Kiln is also a kilnctl command. For example, check a package list before you build with it:</source>
        <translation>Jede Aktion in Kiln gibt es auch als kilnctl-Befehl. Prüfen Sie zum Beispiel eine Paketliste, bevor Sie damit einen Build starten:</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Kiln</source>
        <translation>Kiln</translation>
    </message>
</context>
<context>
    <name>Setting</name>
    <message>
        <source>Container engines in order of preference</source>
        <translation>Container-Engines in der bevorzugten Reihenfolge</translation>
    </message>
    <message>
        <source>Builds that run at the same time</source>
        <translation>Gleichzeitig laufende Builds</translation>
    </message>
    <message>
        <source>Minutes before a build fails with a timeout</source>
        <translation>Minuten, bis ein Build wegen Zeitüberschreitung fehlschlägt</translation>
    </message>
    <message>
        <source>Retries of a pull or push on a transient network error</source>
        <translation>Wiederholungen eines Pulls oder Pushs bei einem vorübergehenden Netzwerkfehler</translation>
    </message>
    <message>
        <source>Minutes between registry health checks</source>
        <translation>Minuten zwischen zwei Zustandsprüfungen der Registrys</translation>
    </message>
    <message>
        <source>Worker requests in flight at once</source>
        <translation>Gleichzeitig laufende Anfragen an Worker</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Kiln Settings</source>
        <translation>Kiln-Einstellungen</translation>
    </message>
    <message>
        <source>Container engines</source>
        <translation>Container-Engines</translation>
    </message>
    <message>
        <source>Kiln builds with the first available engine in this list.</source>
        <translation>Kiln erstellt Builds mit der ersten verfügbaren Engine dieser Liste.</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Prefer this engine (Alt+Up)</source>
        <translation>Diese Engine bevorzugen (Alt+Hoch)</translation>
    </message>
    <message>
        <source>Move &amp;Down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>Prefer this engine less (Alt+Down)</source>
        <translation>Diese Engine weniger bevorzugen (Alt+Runter)</translation>
    </message>
    <message>
        <source>Detect &amp;Again</source>
        <translation>&amp;Erneut suchen</translation>
    </message>
    <message>
        <source>Builds</source>
        <translation>Builds</translation>
    </message>
    <message>
        <source>&amp;Concurrent builds:</source>
        <translation>&amp;Gleichzeitige Builds:</translation>
    </message>
    <message>
        <source>Build &amp;timeout:</source>
        <translation>Zeit&amp;limit für Builds:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Pull/push &amp;retries:</source>
        <translation>&amp;Wiederholungen bei Pull/Push:</translation>
    </message>
    <message>
        <source>Registries and workers</source>
        <translation>Registrys und Worker</translation>
    </message>
    <message>
        <source>&amp;Health check every:</source>
        <translation>&amp;Zustandsprüfung alle:</translation>
    </message>
    <message>
        <source>Worker requests in &amp;flight:</source>
        <translation>&amp;Parallele Worker-Anfragen:</translation>
    </message>
</context>
<context>
    <name>kilnctl</name>
    <message>
        <source>Validate an image reference or an APT, Conda or Pip line</source>
        <translation>Image-Referenz oder APT-, Conda- oder Pip-Zeile prüfen</translation>
    </message>
    <message>
        <source>List, read and change the catalogue&apos;s settings</source>
        <translation>Einstellungen des Katalogs auflisten, lesen und ändern</translation>
    </message>
    <message>
        <source>List the container engines and the one builds use</source>
        <translation>Container-Engines auflisten und die für Builds verwendete anzeigen</translation>
    </message>
    <message>
        <source>Show where the catalogue is and what it holds</source>
        <translation>Anzeigen, wo der Katalog liegt und was er enthält</translation>
    </message>
    <message>
        <source>Kiln from the command line.</source>
        <translation>Kiln auf der Befehlszeile.</translation>
    </message>
    <message>
        <source>The command to run (see below).</source>
        <translation>Der auszuführende Befehl (siehe unten).</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Befehle:</translation>
    </message>
    <message>
        <source>Run &apos;kilnctl COMMAND --help&apos; for its options.</source>
        <translation>Die Optionen eines Befehls zeigt „kilnctl COMMAND --help“ an.</translation>
    </message>
    <message>
        <source>The SQLite catalogue at PATH (default: %1).</source>
        <translation>Der SQLite-Katalog unter PATH (Standard: %1).</translation>
    </message>
    <message>
        <source>Print JSON instead of text.</source>
        <translation>JSON statt Text ausgeben.</translation>
    </message>
    <message>
        <source>List the container engines on this machine in order of preference.</source>
        <translation>Die Container-Engines dieses Rechners in der bevorzugten Reihenfolge auflisten.</translation>
    </message>
    <message>
        <source>Show where the catalogue is and what it holds.</source>
        <translation>Anzeigen, wo der Katalog liegt und was er enthält.</translation>
    </message>
    <message>
        <source>Read and change the catalogue&apos;s settings (the same ones as Kiln&apos;s Settings dialog).</source>
        <translation>Die Einstellungen des Katalogs lesen und ändern (dieselben wie im Einstellungsdialog von Kiln).</translation>
    </message>
    <message>
        <source>Validate an image reference or a package line. Prints one JSON object per line and exits 0 when everything is valid, 1 when something is not.</source>
        <translation>Eine Image-Referenz oder eine Paketzeile prüfen. Gibt je Zeile ein JSON-Objekt aus und endet mit dem Exit-Code 0, wenn alles gültig ist, sonst mit 1.</translation>
    </message>
    <message>
        <source>Validate every line of PATH (&quot;-&quot; for standard input).</source>
        <translation>Jede Zeile von PATH prüfen („-“ für die Standardeingabe).</translation>
    </message>
    <message>
        <source>The line to validate.</source>
        <translation>Die zu prüfende Zeile.</translation>
    </message>
    <message>
        <source>The engine&apos;s image storage (--root); default: its own.</source>
        <translation>Der Image-Speicher der Engine (--root); Standard: ihr eigener.</translation>
    </message>
    <message>
        <source>The engine&apos;s run state (--runroot).</source>
        <translation>Der Laufzeitzustand der Engine (--runroot).</translation>
    </message>
    <message>
        <source>The engine&apos;s storage driver, e.g. vfs or overlay.</source>
        <translation>Der Speichertreiber der Engine, z. B. vfs oder overlay.</translation>
    </message>
    <message>
        <source>How RUN steps are isolated: chroot (default), oci or rootless.</source>
        <translation>Wie RUN-Schritte isoliert werden: chroot (Standard), oci oder rootless.</translation>
    </message>
    <message>
        <source>Build a spec&apos;s current revision and push it to the push registry.
A revision that already built is not built again unless --force is given.
Exit codes: 0 built (or already built), 1 refused, 2 usage, 3 the build failed.</source>
        <translation>Die aktuelle Revision einer Spezifikation erstellen und in die Push-Registry pushen.
Eine bereits erstellte Revision wird nur mit --force erneut erstellt.
Exit-Codes: 0 erstellt (oder bereits erstellt), 1 abgelehnt, 2 falscher Aufruf, 3 Build fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Build in this process and print the log.</source>
        <translation>In diesem Prozess erstellen und das Protokoll ausgeben.</translation>
    </message>
    <message>
        <source>Build even when this revision built already.</source>
        <translation>Auch erstellen, wenn diese Revision bereits erstellt wurde.</translation>
    </message>
    <message>
        <source>The spec&apos;s name or id.</source>
        <translation>Der Name oder die ID der Spezifikation.</translation>
    </message>
    <message>
        <source>Run the bake service in the foreground: build the queued jobs of the catalogue.</source>
        <translation>Den Bake-Dienst im Vordergrund ausführen: die wartenden Aufträge des Katalogs erstellen.</translation>
    </message>
    <message>
        <source>Stop once nothing is queued or running.</source>
        <translation>Beenden, sobald nichts mehr wartet oder läuft.</translation>
    </message>
    <message>
        <source>Create, change, show, list and delete image specs</source>
        <translation>Image-Spezifikationen anlegen, ändern, anzeigen, auflisten und löschen</translation>
    </message>
    <message>
        <source>Build a spec and push it (--wait to watch it)</source>
        <translation>Eine Spezifikation erstellen und pushen (mit --wait verfolgen)</translation>
    </message>
    <message>
        <source>List build jobs</source>
        <translation>Build-Aufträge auflisten</translation>
    </message>
    <message>
        <source>Cancel a queued or running build job</source>
        <translation>Wartenden oder laufenden Build-Auftrag abbrechen</translation>
    </message>
    <message>
        <source>Print, follow or save a build job&apos;s log</source>
        <translation>Protokoll eines Build-Auftrags ausgeben, verfolgen oder speichern</translation>
    </message>
    <message>
        <source>Run the bake service in the foreground</source>
        <translation>Bake-Dienst im Vordergrund ausführen</translation>
    </message>
    <message>
        <source>Add, change, list and remove registries; set the push target</source>
        <translation>Registrys hinzufügen, ändern, auflisten und entfernen; Push-Ziel festlegen</translation>
    </message>
    <message>
        <source>Add, rotate, list and remove registry credentials</source>
        <translation>Zugangsdaten für Registrys hinzufügen, rotieren, auflisten und entfernen</translation>
    </message>
    <message>
        <source>List build jobs, newest first: all of them, or one spec&apos;s.</source>
        <translation>Build-Aufträge auflisten, die neuesten zuerst: alle oder die einer Spezifikation.</translation>
    </message>
    <message>
        <source>At most N jobs (default 50).</source>
        <translation>Höchstens N Aufträge (Standard: 50).</translation>
    </message>
    <message>
        <source>A spec&apos;s name or id.</source>
        <translation>Der Name oder die ID einer Spezifikation.</translation>
    </message>
    <message>
        <source>Cancel a queued or running build job. A running one is stopped by the process that runs it.</source>
        <translation>Einen wartenden oder laufenden Build-Auftrag abbrechen. Ein laufender Auftrag wird von dem Prozess beendet, der ihn ausführt.</translation>
    </message>
    <message>
        <source>The job&apos;s id.</source>
        <translation>Die ID des Auftrags.</translation>
    </message>
    <message>
        <source>Print a build job&apos;s log, its last lines, or follow it while it builds; or save it to a file.</source>
        <translation>Das Protokoll eines Build-Auftrags oder seine letzten Zeilen ausgeben oder es während des Builds verfolgen; oder es in einer Datei speichern.</translation>
    </message>
    <message>
        <source>Only the last N lines.</source>
        <translation>Nur die letzten N Zeilen.</translation>
    </message>
    <message>
        <source>Keep printing until the job has finished.</source>
        <translation>Weiter ausgeben, bis der Auftrag beendet ist.</translation>
    </message>
    <message>
        <source>Write the whole log to FILE (atomically).</source>
        <translation>Das gesamte Protokoll (atomar) in FILE schreiben.</translation>
    </message>
    <message>
        <source>Print lines as stored, with time and stream.</source>
        <translation>Zeilen wie gespeichert ausgeben, mit Zeit und Stream.</translation>
    </message>
    <message>
        <source>Add, change, show, list and remove the container registries Kiln pushes to and pulls from.
Exactly one registry at a time can be the push target, where built images go.
Credentials are secrets (&apos;kilnctl secret add NAME --kind registry-credential ...&apos;).</source>
        <translation>Die Container-Registrys hinzufügen, ändern, anzeigen, auflisten und entfernen, in die Kiln pusht und aus denen Kiln pullt.
Genau eine Registry kann jeweils das Push-Ziel sein, in das erstellte Images gelangen.
Zugangsdaten sind Secrets („kilnctl secret add NAME --kind registry-credential ...“).</translation>
    </message>
    <message>
        <source>The public http(s) URL (add, edit).</source>
        <translation>Die öffentliche http(s)-URL (add, edit).</translation>
    </message>
    <message>
        <source>The image prefix, host[:port][/path] (add, edit).</source>
        <translation>Das Image-Präfix, host[:port][/path] (add, edit).</translation>
    </message>
    <message>
        <source>Do not verify TLS (plain HTTP or a self-signed certificate).</source>
        <translation>TLS nicht prüfen (unverschlüsseltes HTTP oder ein selbstsigniertes Zertifikat).</translation>
    </message>
    <message>
        <source>Verify TLS again (edit).</source>
        <translation>TLS wieder prüfen (edit).</translation>
    </message>
    <message>
        <source>The registry-credential secret to log in with; empty: none (add, edit).</source>
        <translation>Das Secret der Art registry-credential für die Anmeldung; leer: keins (add, edit).</translation>
    </message>
    <message>
        <source>A tag; repeat for more; replaces them (add, edit).</source>
        <translation>Ein Tag; für weitere wiederholen; ersetzt die bisherigen (add, edit).</translation>
    </message>
    <message>
        <source>Remove every tag (edit).</source>
        <translation>Alle Tags entfernen (edit).</translation>
    </message>
    <message>
        <source>Make it the push target (add, edit).</source>
        <translation>Zum Push-Ziel machen (add, edit).</translation>
    </message>
    <message>
        <source>Add, rotate, list and remove the secrets Kiln logs in to registries with.
The catalogue holds only a secret&apos;s name, kind and username; the value goes to the OS keychain
or, when no keychain service runs, to an AES-256-GCM encrypted file (a warning says so).
The password is always read from standard input, never from an option or the command line.
Environment: KILN_SECRET_BACKEND=auto|keychain|file chooses where values go;
KILN_SECRET_DIR=DIR keeps the encrypted file (secrets.enc) and its key (secret.key) in DIR.</source>
        <translation>Die Secrets hinzufügen, rotieren, auflisten und entfernen, mit denen sich Kiln bei Registrys anmeldet.
Der Katalog enthält nur Name, Art und Benutzername eines Secrets; der Wert kommt in den Schlüsselbund des Betriebssystems
oder, wenn kein Schlüsselbunddienst läuft, in eine mit AES-256-GCM verschlüsselte Datei (eine Warnung weist darauf hin).
Das Passwort wird immer von der Standardeingabe gelesen, nie aus einer Option oder der Befehlszeile.
Umgebung: KILN_SECRET_BACKEND=auto|keychain|file legt fest, wohin die Werte kommen;
KILN_SECRET_DIR=DIR legt die verschlüsselte Datei (secrets.enc) und ihren Schlüssel (secret.key) in DIR ab.</translation>
    </message>
    <message>
        <source>registry-credential or pull-secret (add).</source>
        <translation>registry-credential oder pull-secret (add).</translation>
    </message>
    <message>
        <source>The username (add, rotate).</source>
        <translation>Der Benutzername (add, rotate).</translation>
    </message>
    <message>
        <source>Read the password from standard input (add, rotate).</source>
        <translation>Das Passwort von der Standardeingabe lesen (add, rotate).</translation>
    </message>
    <message>
        <source>Create, change, show, list and delete image specs (the same ones as Kiln&apos;s Image Builder).
create and edit validate the base image and every package, store a new revision with its
generated Containerfile, and do not build it: &apos;kilnctl build SPEC&apos; does.
The Containerfile shown is the one for a base image that runs as root; a build restores the
base image&apos;s own USER at the end.</source>
        <translation>Image-Spezifikationen anlegen, ändern, anzeigen, auflisten und löschen (dieselben wie im Image Builder von Kiln).
create und edit prüfen das Basis-Image und jedes Paket, speichern eine neue Revision mit ihrem
generierten Containerfile und erstellen sie nicht; das übernimmt „kilnctl build SPEC“.
Das angezeigte Containerfile gilt für ein Basis-Image, das als root läuft; ein Build stellt am Ende
den eigenen USER des Basis-Images wieder her.</translation>
    </message>
    <message>
        <source>The base image reference (create, edit).</source>
        <translation>Die Referenz des Basis-Images (create, edit).</translation>
    </message>
    <message>
        <source>An APT package; repeat for more (create, edit).</source>
        <translation>Ein APT-Paket; für weitere wiederholen (create, edit).</translation>
    </message>
    <message>
        <source>A Conda MatchSpec; repeat for more (create, edit).</source>
        <translation>Eine Conda-MatchSpec; für weitere wiederholen (create, edit).</translation>
    </message>
    <message>
        <source>A Pip requirement; repeat for more (create, edit).</source>
        <translation>Eine Pip-Anforderung; für weitere wiederholen (create, edit).</translation>
    </message>
    <message>
        <source>Read KIND (apt, conda or pip) packages from PATH, one per line; blank lines are skipped, &apos;-&apos; is standard input (create, edit).</source>
        <translation>Pakete der Art KIND (apt, conda oder pip) aus PATH lesen, eines pro Zeile; leere Zeilen werden übersprungen, „-“ ist die Standardeingabe (create, edit).</translation>
    </message>
    <message>
        <source>The pull secret for the base image; empty: none (create, edit).</source>
        <translation>Das Pull-Secret für das Basis-Image; leer: keins (create, edit).</translation>
    </message>
    <message>
        <source>Remove every APT package (edit).</source>
        <translation>Alle APT-Pakete entfernen (edit).</translation>
    </message>
    <message>
        <source>Remove every Conda package (edit).</source>
        <translation>Alle Conda-Pakete entfernen (edit).</translation>
    </message>
    <message>
        <source>Remove every Pip package (edit).</source>
        <translation>Alle Pip-Pakete entfernen (edit).</translation>
    </message>
    <message>
        <source>Print only the stored Containerfile (show).</source>
        <translation>Nur das gespeicherte Containerfile ausgeben (show).</translation>
    </message>
    <message>
        <source>Only specs whose name contains TEXT (list).</source>
        <translation>Nur Spezifikationen, deren Name TEXT enthält (list).</translation>
    </message>
    <message>
        <source>Print at most N specs, 1 to 10000 (list; default 50).</source>
        <translation>Höchstens N Spezifikationen ausgeben, 1 bis 10000 (list; Standard: 50).</translation>
    </message>
    <message>
        <source>Start after the spec called NAME (list).</source>
        <translation>Nach der Spezifikation namens NAME beginnen (list).</translation>
    </message>
    <message>
        <source>Really delete (delete).</source>
        <translation>Wirklich löschen (delete).</translation>
    </message>
</context>
</TS>
