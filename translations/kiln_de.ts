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
</context>
</TS>
