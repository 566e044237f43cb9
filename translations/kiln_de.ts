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
    <name>Kiln::BuildNotifier</name>
    <message>
        <source>Build succeeded: %1</source>
        <translation>Build erfolgreich: %1</translation>
    </message>
    <message>
        <source>Pushed %1</source>
        <translation>%1 gepusht</translation>
    </message>
    <message>
        <source>Build failed: %1</source>
        <translation>Build fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Build cancelled: %1</source>
        <translation>Build abgebrochen: %1</translation>
    </message>
    <message>
        <source>Build interrupted: %1</source>
        <translation>Build unterbrochen: %1</translation>
    </message>
    <message>
        <source>Kiln</source>
        <translation>Kiln</translation>
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
        <source>Image Builder</source>
        <translation>Image-Builder</translation>
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
    <name>Kiln::ImageBuilderPage</name>
    <message>
        <source>&amp;New Spec…</source>
        <translation>&amp;Neue Spezifikation…</translation>
    </message>
    <message>
        <source>Create an image spec (Ctrl+N)</source>
        <translation>Image-Spezifikation anlegen (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>Show the spec&apos;s info and jobs (Enter)</source>
        <translation>Informationen und Aufträge der Spezifikation anzeigen (Eingabe)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the spec (F2): a changed spec is built again</source>
        <translation>Spezifikation bearbeiten (F2): Eine geänderte Spezifikation wird neu erstellt</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Delete the spec with its jobs and logs (Del)</source>
        <translation>Spezifikation mit ihren Aufträgen und Protokollen löschen (Entf)</translation>
    </message>
    <message>
        <source>&amp;Push Registry…</source>
        <translation>&amp;Push-Registry…</translation>
    </message>
    <message>
        <source>Where built images are pushed</source>
        <translation>Wohin erstellte Images gepusht werden</translation>
    </message>
    <message>
        <source>Filter by name (Ctrl+F)</source>
        <translation>Nach Name filtern (Strg+F)</translation>
    </message>
    <message>
        <source>New Spec…</source>
        <translation>Neue Spezifikation…</translation>
    </message>
    <message>
        <source>Set Push Registry…</source>
        <translation>Push-Registry festlegen…</translation>
    </message>
    <message>
        <source>No push registry: builds need one</source>
        <translation>Keine Push-Registry: Builds benötigen eine</translation>
    </message>
    <message>
        <source>Pushing to %1</source>
        <translation>Push nach %1</translation>
    </message>
    <message>
        <source>No spec matches “%1”.</source>
        <translation>Keine Spezifikation passt zu „%1“.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No image specs yet&lt;/h3&gt;&lt;p&gt;A spec is a base image plus APT, Conda and Pip packages. Kiln turns it into a Containerfile, builds it, and pushes the image.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;New Spec&lt;/b&gt; (Ctrl+N) to add the first one.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Image-Spezifikationen&lt;/h3&gt;&lt;p&gt;Eine Spezifikation ist ein Basis-Image plus APT-, Conda- und Pip-Pakete. Kiln erzeugt daraus ein Containerfile, erstellt das Image und pusht es.&lt;/p&gt;&lt;p&gt;Mit &lt;b&gt;Neue Spezifikation&lt;/b&gt; (Strg+N) legen Sie die erste an.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Builds are pushed to a registry: set the &lt;b&gt;push registry&lt;/b&gt; first.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Builds werden in eine Registry gepusht: Legen Sie zuerst die &lt;b&gt;Push-Registry&lt;/b&gt; fest.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Builds are pushed to &lt;b&gt;%1&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Builds werden nach &lt;b&gt;%1&lt;/b&gt; gepusht.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Wird gezählt…</translation>
    </message>
    <message>
        <source>1 spec matches</source>
        <translation>1 passende Spezifikation</translation>
    </message>
    <message>
        <source>%1 specs match</source>
        <translation>%1 passende Spezifikationen</translation>
    </message>
    <message>
        <source>1 spec</source>
        <translation>1 Spezifikation</translation>
    </message>
    <message>
        <source>%1 specs</source>
        <translation>%1 Spezifikationen</translation>
    </message>
    <message>
        <source>No changes: nothing to build.</source>
        <translation>Keine Änderungen: Es gibt nichts zu erstellen.</translation>
    </message>
    <message>
        <source>Saved. Set a push registry to build it.</source>
        <translation>Gespeichert. Legen Sie eine Push-Registry fest, um die Spezifikation zu erstellen.</translation>
    </message>
    <message>
        <source>Queued a build of %1</source>
        <translation>Build von %1 in die Warteschlange gestellt</translation>
    </message>
    <message>
        <source>%1 is already built</source>
        <translation>%1 ist bereits erstellt</translation>
    </message>
    <message>
        <source>That spec no longer exists.</source>
        <translation>Diese Spezifikation existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Builds are pushed to %1</source>
        <translation>Builds werden nach %1 gepusht</translation>
    </message>
    <message>
        <source>Delete Spec</source>
        <translation>Spezifikation löschen</translation>
    </message>
    <message>
        <source>Delete the spec “%1”?</source>
        <translation>Spezifikation „%1“ löschen?</translation>
    </message>
    <message>
        <source>Revisions: %1 · build jobs: %2 · logs: %3. They are deleted with the spec, and this cannot be undone.</source>
        <translation>Revisionen: %1 · Build-Aufträge: %2 · Protokolle: %3. Sie werden mit der Spezifikation gelöscht; dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>A build of this spec is queued or running: it must be cancelled first.</source>
        <translation>Ein Build dieser Spezifikation wartet oder läuft: Er muss zuerst abgebrochen werden.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Cancel Build and &amp;Delete</source>
        <translation>Build abbrechen und &amp;löschen</translation>
    </message>
    <message>
        <source>Cancelling the build before deleting the spec…</source>
        <translation>Build wird abgebrochen, bevor die Spezifikation gelöscht wird…</translation>
    </message>
    <message>
        <source>The build did not stop in time; the spec was not deleted.</source>
        <translation>Der Build wurde nicht rechtzeitig beendet; die Spezifikation wurde nicht gelöscht.</translation>
    </message>
    <message>
        <source>Deleted the spec with its jobs (logs removed: %1).</source>
        <translation>Die Spezifikation wurde mit ihren Aufträgen gelöscht (entfernte Protokolle: %1).</translation>
    </message>
</context>
<context>
    <name>Kiln::JobListModel</name>
    <message>
        <source>%1: %2</source>
        <comment>status: error</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Could not load the builds of the spec: %1</source>
        <translation>Die Builds der Spezifikation konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not load the revisions of the spec: %1</source>
        <translation>Die Revisionen der Spezifikation konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>Kiln::JobStatusDisplay</name>
    <message>
        <source>Never built</source>
        <translation>Nie erstellt</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
</context>
<context>
    <name>Kiln::LogSearchBar</name>
    <message>
        <source>Find in the log</source>
        <translation>Im Protokoll suchen</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Vorheriger</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3, Shift+Enter)</source>
        <translation>Vorheriger Treffer (Umschalt+F3, Umschalt+Eingabe)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nächster</translation>
    </message>
    <message>
        <source>Next match (F3, Enter)</source>
        <translation>Nächster Treffer (F3, Eingabe)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close the find bar (Escape)</source>
        <translation>Suchleiste schließen (Esc)</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Keine Treffer</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
</context>
<context>
    <name>Kiln::LogViewer</name>
    <message>
        <source>Follow</source>
        <translation>Verfolgen</translation>
    </message>
    <message>
        <source>Wrap</source>
        <translation>Umbrechen</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>Herunterladen…</translation>
    </message>
    <message>
        <source>Keep the newest lines in view</source>
        <translation>Die neuesten Zeilen immer im Blick behalten</translation>
    </message>
    <message>
        <source>Wrap long lines at the window&apos;s width</source>
        <translation>Lange Zeilen an der Fensterbreite umbrechen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the selected lines, or every line shown when nothing is selected</source>
        <translation>Die ausgewählten Zeilen kopieren oder, wenn nichts ausgewählt ist, alle angezeigten Zeilen</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Alles auswählen</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Find in the log (%1)</source>
        <translation>Im Protokoll suchen (%1)</translation>
    </message>
    <message>
        <source>Save the whole log, every line, to a file</source>
        <translation>Das gesamte Protokoll mit allen Zeilen in einer Datei speichern</translation>
    </message>
    <message>
        <source>Downloading the log… %p%</source>
        <translation>Protokoll wird heruntergeladen… %p%</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Loading the log…</source>
        <translation>Protokoll wird geladen…</translation>
    </message>
    <message>
        <source>The log of this job is not there yet, or it was removed: %1</source>
        <translation>Das Protokoll dieses Auftrags ist noch nicht vorhanden oder wurde entfernt: %1</translation>
    </message>
    <message>
        <source>Earlier lines are hidden: showing the last %1 lines. Download the log to see every line.</source>
        <translation>Frühere Zeilen sind ausgeblendet: Angezeigt werden die letzten %1 Zeilen. Laden Sie das Protokoll herunter, um alle Zeilen zu sehen.</translation>
    </message>
    <message>
        <source>Download the Log</source>
        <translation>Protokoll herunterladen</translation>
    </message>
    <message>
        <source>Logs (*.log)</source>
        <translation>Protokolle (*.log)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>There is no log to download: no job log is open.</source>
        <translation>Es gibt kein Protokoll zum Herunterladen: Es ist kein Auftragsprotokoll geöffnet.</translation>
    </message>
    <message>
        <source>%1 was not written: the log is still being downloaded to %2.</source>
        <translation>%1 wurde nicht geschrieben: Das Protokoll wird noch nach %2 heruntergeladen.</translation>
    </message>
    <message>
        <source>Saved the whole log to %1.</source>
        <translation>Das gesamte Protokoll wurde in %1 gespeichert.</translation>
    </message>
    <message>
        <source>The download was cancelled; %1 was not written.</source>
        <translation>Das Herunterladen wurde abgebrochen; %1 wurde nicht geschrieben.</translation>
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
    <name>Kiln::PackageEditor</name>
    <message>
        <source>No packages</source>
        <translation>Keine Pakete</translation>
    </message>
    <message>
        <source>%1 valid, %2 invalid</source>
        <translation>%1 gültig, %2 ungültig</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>One APT package per line, e.g.
curl
git=1:2.39.5-1
libc6:amd64</source>
        <translation>Ein APT-Paket pro Zeile, z. B.
curl
git=1:2.39.5-1
libc6:amd64</translation>
    </message>
    <message>
        <source>One Conda match spec per line, e.g.
conda-forge::numpy&gt;=1.26
python=3.11</source>
        <translation>Eine Conda-MatchSpec pro Zeile, z. B.
conda-forge::numpy&gt;=1.26
python=3.11</translation>
    </message>
    <message>
        <source>One Pip requirement per line, e.g.
requests[socks]&gt;=2.31
torch==2.3.*</source>
        <translation>Eine Pip-Anforderung pro Zeile, z. B.
requests[socks]&gt;=2.31
torch==2.3.*</translation>
    </message>
</context>
<context>
    <name>Kiln::PushRegistryDialog</name>
    <message>
        <source>Image prefix: a registry host is required, e.g. localhost:5000.</source>
        <translation>Image-Präfix: Ein Registry-Host ist erforderlich, z. B. localhost:5000.</translation>
    </message>
    <message>
        <source>Image prefix, column %1: leave out the scheme; “Verify TLS” says whether the registry speaks HTTPS.</source>
        <translation>Image-Präfix, Spalte %1: Ohne Schema (https://) angeben; „TLS prüfen“ legt fest, ob die Registry HTTPS verwendet.</translation>
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
    <name>Kiln::SpecDialog</name>
    <message>
        <source>No secrets yet (kilnctl secret add)</source>
        <translation>Noch keine Secrets (kilnctl secret add)</translation>
    </message>
    <message>
        <source>Edit Image Spec %1</source>
        <translation>Image-Spezifikation %1 bearbeiten</translation>
    </message>
    <message>
        <source>The name of a spec cannot be changed.</source>
        <translation>Der Name einer Spezifikation kann nicht geändert werden.</translation>
    </message>
    <message>
        <source>%1 (not found)</source>
        <translation>%1 (nicht gefunden)</translation>
    </message>
    <message>
        <source>Save and &amp;Build</source>
        <translation>Speichern und &amp;erstellen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Create and &amp;Build</source>
        <translation>Anlegen und &amp;erstellen</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>Builds are pushed to %1/&lt;name&gt;:&lt;revision&gt;.</source>
        <translation>Builds werden nach %1/&lt;Name&gt;:&lt;Revision&gt; gepusht.</translation>
    </message>
    <message>
        <source>No push registry is configured: the spec is saved, but nothing is built until you set one (Image Builder ▸ Push Registry).</source>
        <translation>Es ist keine Push-Registry eingerichtet: Die Spezifikation wird gespeichert, aber erst erstellt, wenn eine festgelegt ist (Image-Builder ▸ Push-Registry).</translation>
    </message>
    <message>
        <source>The pip section of the pasted environment.yml went to the Pip list (packages: %1).</source>
        <translation>Der pip-Abschnitt der eingefügten environment.yml wurde in die Pip-Liste übernommen (Pakete: %1).</translation>
    </message>
    <message>
        <source>A name is required.</source>
        <translation>Ein Name ist erforderlich.</translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <translation>Spalte %1: %2</translation>
    </message>
    <message>
        <source>A spec named %1 already exists.</source>
        <translation>Eine Spezifikation namens %1 existiert bereits.</translation>
    </message>
    <message>
        <source>Lowercase letters, digits, &apos;-&apos; and &apos;.&apos;; it cannot be changed later.</source>
        <translation>Kleinbuchstaben, Ziffern, „-“ und „.“; kann später nicht geändert werden.</translation>
    </message>
    <message>
        <source>Name: %1</source>
        <translation>Name: %1</translation>
    </message>
    <message>
        <source>A full image reference, e.g. registry.example.com/base/ubuntu:22.04.</source>
        <translation>Eine vollständige Image-Referenz, z. B. registry.example.com/base/ubuntu:22.04.</translation>
    </message>
    <message>
        <source>Base image: a reference is required.</source>
        <translation>Basis-Image: Eine Referenz ist erforderlich.</translation>
    </message>
    <message>
        <source>Base image: %1</source>
        <translation>Basis-Image: %1</translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
    <message>
        <source>Pull secret: choose a secret, or clear “Use image pull secret”.</source>
        <translation>Pull-Secret: Ein Secret auswählen oder „Image-Pull-Secret verwenden“ deaktivieren.</translation>
    </message>
    <message>
        <source>APT</source>
        <translation>APT</translation>
    </message>
    <message>
        <source>Conda</source>
        <translation>Conda</translation>
    </message>
    <message>
        <source>Pip</source>
        <translation>Pip</translation>
    </message>
    <message>
        <source>%1 packages, line %2, column %3: %4</source>
        <translation>%1-Pakete, Zeile %2, Spalte %3: %4</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
</context>
<context>
    <name>Kiln::SpecListModel</name>
    <message>
        <source>%1 · %2</source>
        <comment>status · phase</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>status: error</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>No image built yet</source>
        <translation>Noch kein Image erstellt</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Could not load the image specs: %1</source>
        <translation>Die Image-Spezifikationen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not read the image spec %1: %2</source>
        <translation>Die Image-Spezifikation %1 konnte nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>Kiln::SpecView</name>
    <message>
        <source>APT</source>
        <translation>APT</translation>
    </message>
    <message>
        <source>Conda</source>
        <translation>Conda</translation>
    </message>
    <message>
        <source>Pip</source>
        <translation>Pip</translation>
    </message>
    <message>
        <source>No packages: the base image as it is.</source>
        <translation>Keine Pakete: das Basis-Image unverändert.</translation>
    </message>
    <message>
        <source>All specs</source>
        <translation>Alle Spezifikationen</translation>
    </message>
    <message>
        <source>Back to the list of specs (Alt+Left)</source>
        <translation>Zurück zur Liste der Spezifikationen (Alt+Links)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the spec (F2): a changed spec is built again</source>
        <translation>Spezifikation bearbeiten (F2): Eine geänderte Spezifikation wird neu erstellt</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>&amp;Info</source>
        <translation>&amp;Info</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>Auf&amp;träge</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Revision:</source>
        <translation>Revision:</translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation>Aktualisiert:</translation>
    </message>
    <message>
        <source>Base image:</source>
        <translation>Basis-Image:</translation>
    </message>
    <message>
        <source>Pull secret:</source>
        <translation>Pull-Secret:</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Pakete</translation>
    </message>
    <message>
        <source>Generated Containerfile</source>
        <translation>Erzeugtes Containerfile</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>Show the job&apos;s log and the spec it built (Enter)</source>
        <translation>Protokoll des Auftrags und die damit erstellte Spezifikation anzeigen (Eingabe)</translation>
    </message>
    <message>
        <source>&amp;Cancel Build</source>
        <translation>Build abbre&amp;chen</translation>
    </message>
    <message>
        <source>&amp;Rebuild</source>
        <translation>&amp;Neu erstellen</translation>
    </message>
    <message>
        <source>&amp;Diff</source>
        <translation>&amp;Diff</translation>
    </message>
    <message>
        <source>What changed against the previous revision</source>
        <translation>Was sich gegenüber der vorherigen Revision geändert hat</translation>
    </message>
    <message>
        <source>Choose a job to see its log.</source>
        <translation>Einen Auftrag auswählen, um sein Protokoll anzuzeigen.</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Spec and Containerfile</source>
        <translation>Spezifikation und Containerfile</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keins</translation>
    </message>
    <message>
        <source>Job %1 · revision %2 · %3</source>
        <translation>Auftrag %1 · Revision %2 · %3</translation>
    </message>
    <message>
        <source># Base image: %1
# Pull secret: %2
# %3

%4</source>
        <translation># Basis-Image: %1
# Pull-Secret: %2
# %3

%4</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>Cancelling the build…</source>
        <translation>Build wird abgebrochen…</translation>
    </message>
    <message>
        <source>Queued a rebuild of %1</source>
        <translation>Neuer Build von %1 in die Warteschlange gestellt</translation>
    </message>
    <message>
        <source>Revision %1 is the spec&apos;s first revision.

%2</source>
        <translation>Revision %1 ist die erste Revision der Spezifikation.

%2</translation>
    </message>
    <message>
        <source>Changes from revision %1 to %2:

%3</source>
        <translation>Änderungen von Revision %1 zu %2:

%3</translation>
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
    <name>PushRegistryDialog</name>
    <message>
        <source>Push Registry</source>
        <translation>Push-Registry</translation>
    </message>
    <message>
        <source>Built images are pushed to &lt;prefix&gt;/&lt;spec name&gt;:&lt;revision&gt;. Credentials and the other registry settings are managed with kilnctl registry.</source>
        <translation>Erstellte Images werden nach &lt;Präfix&gt;/&lt;Name der Spezifikation&gt;:&lt;Revision&gt; gepusht. Zugangsdaten und die übrigen Registry-Einstellungen werden mit kilnctl registry verwaltet.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Image &amp;prefix:</source>
        <translation>Image-&amp;Präfix:</translation>
    </message>
    <message>
        <source>e.g. registry.example.com/team or localhost:5000</source>
        <translation>z. B. registry.example.com/team oder localhost:5000</translation>
    </message>
    <message>
        <source>&amp;Verify TLS (clear it for a plain-HTTP registry)</source>
        <translation>&amp;TLS prüfen (für eine Registry mit unverschlüsseltem HTTP deaktivieren)</translation>
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
    <name>SpecDialog</name>
    <message>
        <source>New Image Spec</source>
        <translation>Neue Image-Spezifikation</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. pytorch-cuda12</source>
        <translation>z. B. pytorch-cuda12</translation>
    </message>
    <message>
        <source>Lowercase letters, digits, &apos;-&apos; and &apos;.&apos;; it cannot be changed later.</source>
        <translation>Kleinbuchstaben, Ziffern, „-“ und „.“; kann später nicht geändert werden.</translation>
    </message>
    <message>
        <source>&amp;Base image:</source>
        <translation>&amp;Basis-Image:</translation>
    </message>
    <message>
        <source>e.g. registry.example.com/base/ubuntu:22.04</source>
        <translation>z. B. registry.example.com/base/ubuntu:22.04</translation>
    </message>
    <message>
        <source>Use image &amp;pull secret</source>
        <translation>Image-&amp;Pull-Secret verwenden</translation>
    </message>
    <message>
        <source>Packages, one per line. Paste a requirements.txt, an environment.yml or a space-separated apt list and Kiln splits it.</source>
        <translation>Pakete, eines pro Zeile. Beim Einfügen einer requirements.txt, einer environment.yml oder einer durch Leerzeichen getrennten APT-Liste teilt Kiln sie auf.</translation>
    </message>
    <message>
        <source>APT</source>
        <translation>APT</translation>
    </message>
    <message>
        <source>Conda</source>
        <translation>Conda</translation>
    </message>
    <message>
        <source>Pip</source>
        <translation>Pip</translation>
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
    <message>
        <source>Rebuild the revision that job JOB built (Kiln&apos;s Rebuild), instead of a spec&apos;s current revision.</source>
        <translation>Die Revision erneut erstellen, die der Auftrag JOB erstellt hat (wie „Neu erstellen“ in Kiln), statt der aktuellen Revision einer Spezifikation.</translation>
    </message>
    <message>
        <source>Create, change, show, list, compare and delete image specs</source>
        <translation>Image-Spezifikationen anlegen, ändern, anzeigen, auflisten, vergleichen und löschen</translation>
    </message>
    <message>
        <source>Create, change, show, list, compare and delete image specs (the same ones as Kiln&apos;s Image Builder).
create and edit validate the base image and every package, store a new revision with its
generated Containerfile, and do not build it: &apos;kilnctl build SPEC&apos; does.
The Containerfile shown is the one for a base image that runs as root; a build restores the
base image&apos;s own USER at the end.</source>
        <translation>Image-Spezifikationen anlegen, ändern, anzeigen, auflisten, vergleichen und löschen (dieselben wie im Image-Builder von Kiln).
create und edit prüfen das Basis-Image und jedes Paket und speichern eine neue Revision mit ihrem
erzeugten Containerfile, erstellen sie aber nicht: Das übernimmt „kilnctl build SPEC“.
Das angezeigte Containerfile gilt für ein Basis-Image, das als root läuft; ein Build stellt am Ende
den eigenen USER des Basis-Images wieder her.</translation>
    </message>
    <message>
        <source>The revision (its id or the start of its hash) to compare with the one before it (diff; default: the current revision).</source>
        <translation>Die Revision (ihre ID oder der Anfang ihres Hashes), die mit der vorherigen verglichen wird (diff; Standard: die aktuelle Revision).</translation>
    </message>
</context>
</TS>
