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
    <name>AddWorkerDialog</name>
    <message>
        <source>Add Worker</source>
        <translation>Worker hinzufügen</translation>
    </message>
    <message>
        <source>A kiln-worker holds baked images and runs builds. Create a token on the worker host with &lt;tt&gt;kiln-worker token create --scope admin&lt;/tt&gt; and paste it below: it is kept in the keychain, never in the catalogue.</source>
        <translation>Ein kiln-worker hält gebackene Images bereit und führt Builds aus. Erstellen Sie auf dem Worker-Host mit &lt;tt&gt;kiln-worker token create --scope admin&lt;/tt&gt; ein Token und fügen Sie es unten ein: Es wird im Schlüsselbund gespeichert, nie im Katalog.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. gpu-node-1</source>
        <translation>z. B. gpu-node-1</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>https://worker-1.example.org:8443</source>
        <translation>https://worker-1.example.org:8443</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>kw_… as printed by kiln-worker token create</source>
        <translation>kw_…, wie von kiln-worker token create ausgegeben</translation>
    </message>
    <message>
        <source>Custom &amp;CA file:</source>
        <translation>Eigene &amp;CA-Datei:</translation>
    </message>
    <message>
        <source>Optional: a PEM file of CAs trusted besides the system&apos;s</source>
        <translation>Optional: eine PEM-Datei mit CAs, denen zusätzlich zu denen des Systems vertraut wird</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose a PEM file of CA certificates</source>
        <translation>Eine PEM-Datei mit CA-Zertifikaten auswählen</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>&amp;Verbindung testen</translation>
    </message>
    <message>
        <source>Ask the worker about itself (GET /api/v1/info) with this URL and token, without saving anything</source>
        <translation>Den Worker mit dieser URL und diesem Token nach Informationen über sich fragen (GET /api/v1/info), ohne etwas zu speichern</translation>
    </message>
</context>
<context>
    <name>AvailabilityGroupDialog</name>
    <message>
        <source>New Availability Group</source>
        <translation>Neue Verfügbarkeitsgruppe</translation>
    </message>
    <message>
        <source>The bake images of an availability group are warmed on every worker of the group.</source>
        <translation>Die Bake-Images einer Verfügbarkeitsgruppe werden auf jedem Worker der Gruppe vorgewärmt.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. gpu-eu-west</source>
        <translation>z. B. gpu-eu-west</translation>
    </message>
    <message>
        <source>Lowercase letters, digits, &apos;-&apos; and &apos;.&apos;.</source>
        <translation>Kleinbuchstaben, Ziffern, „-“ und „.“.</translation>
    </message>
    <message>
        <source>D&amp;escription:</source>
        <translation>B&amp;eschreibung:</translation>
    </message>
    <message>
        <source>Optional: which workers, what for</source>
        <translation>Optional: welche Worker, wofür</translation>
    </message>
</context>
<context>
    <name>BuildDetailsDialog</name>
    <message>
        <source>Build Details</source>
        <translation>Build-Details</translation>
    </message>
</context>
<context>
    <name>EditGroupsDialog</name>
    <message>
        <source>Edit Groups</source>
        <translation>Gruppen bearbeiten</translation>
    </message>
    <message>
        <source>The groups that may use the image:</source>
        <translation>Die Gruppen, die das Image verwenden dürfen:</translation>
    </message>
    <message>
        <source>Filter by name</source>
        <translation>Nach Name filtern</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>&amp;Alle auswählen</translation>
    </message>
    <message>
        <source>Check every group the filter shows</source>
        <translation>Alle vom Filter angezeigten Gruppen auswählen</translation>
    </message>
    <message>
        <source>Select &amp;None</source>
        <translation>&amp;Keine auswählen</translation>
    </message>
    <message>
        <source>Clear every group the filter shows</source>
        <translation>Auswahl aller vom Filter angezeigten Gruppen aufheben</translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <source>New Group</source>
        <translation>Neue Gruppe</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. ml-research</source>
        <translation>z. B. ml-research</translation>
    </message>
    <message>
        <source>Lowercase letters, digits, &apos;-&apos; and &apos;.&apos;; it cannot be changed later.</source>
        <translation>Kleinbuchstaben, Ziffern, „-“ und „.“; kann später nicht geändert werden.</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>An&amp;zeigename:</translation>
    </message>
    <message>
        <source>e.g. ML Research</source>
        <translation>z. B. ML-Forschung</translation>
    </message>
    <message>
        <source>&amp;Members:</source>
        <translation>&amp;Mitglieder:</translation>
    </message>
    <message>
        <source>As the platform reports it, e.g. 12 or unknown</source>
        <translation>Wie von der Plattform gemeldet, z. B. 12 oder unbekannt</translation>
    </message>
    <message>
        <source>D&amp;escription:</source>
        <translation>B&amp;eschreibung:</translation>
    </message>
</context>
<context>
    <name>ImageDialog</name>
    <message>
        <source>Add Image</source>
        <translation>Image hinzufügen</translation>
    </message>
    <message>
        <source>This image is frozen: nothing can be changed until it is unfrozen. Freezing protects against accidents; it is not a security feature.</source>
        <translation>Dieses Image ist eingefroren: Nichts kann geändert werden, bis das Einfrieren aufgehoben wird. Das Einfrieren schützt vor versehentlichen Änderungen; es ist keine Sicherheitsfunktion.</translation>
    </message>
    <message>
        <source>&amp;Unfreeze</source>
        <translation>Einfrieren &amp;aufheben</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>An&amp;zeigename:</translation>
    </message>
    <message>
        <source>e.g. PyTorch 2.3 (CUDA 12)</source>
        <translation>z. B. PyTorch 2.3 (CUDA 12)</translation>
    </message>
    <message>
        <source>Desc&amp;ription:</source>
        <translation>Besch&amp;reibung:</translation>
    </message>
    <message>
        <source>Optional: what users get from this image</source>
        <translation>Optional: was Benutzer mit diesem Image erhalten</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Quelle:</translation>
    </message>
    <message>
        <source>Use &amp;existing image</source>
        <translation>&amp;Vorhandenes Image verwenden</translation>
    </message>
    <message>
        <source>B&amp;uild custom image</source>
        <translation>&amp;Eigenes Image erstellen</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>Image &amp;URL:</source>
        <translation>Image-&amp;URL:</translation>
    </message>
    <message>
        <source>e.g. registry.example.com/ml/pytorch:2.3</source>
        <translation>z. B. registry.example.com/ml/pytorch:2.3</translation>
    </message>
    <message>
        <source>Specific URL for &amp;GPU (otherwise the same URL)</source>
        <translation>Eigene URL für &amp;GPU (sonst dieselbe URL)</translation>
    </message>
    <message>
        <source>GPU URL:</source>
        <translation>GPU-URL:</translation>
    </message>
    <message>
        <source>&amp;Base image:</source>
        <translation>Basis-&amp;Image:</translation>
    </message>
    <message>
        <source>e.g. registry.example.com/base/ubuntu:22.04</source>
        <translation>z. B. registry.example.com/base/ubuntu:22.04</translation>
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
        <source>Use image &amp;pull secret</source>
        <translation>Image-&amp;Pull-Secret verwenden</translation>
    </message>
    <message>
        <source>Access:</source>
        <translation>Zugriff:</translation>
    </message>
    <message>
        <source>G&amp;lobal (every group)</source>
        <translation>G&amp;lobal (alle Gruppen)</translation>
    </message>
    <message>
        <source>Edit &amp;Groups…</source>
        <translation>Gruppen &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>P&amp;arent:</source>
        <translation>Abgeleitet v&amp;on:</translation>
    </message>
    <message>
        <source>Dis&amp;tro:</source>
        <translation>&amp;Distribution:</translation>
    </message>
    <message>
        <source>e.g. ubuntu-22.04</source>
        <translation>z. B. ubuntu-22.04</translation>
    </message>
    <message>
        <source>S&amp;ystem image</source>
        <translation>S&amp;ystem-Image</translation>
    </message>
    <message>
        <source>&amp;Frozen (refuse edits until unfrozen)</source>
        <translation>Einge&amp;froren (Änderungen ablehnen, bis das Einfrieren aufgehoben wird)</translation>
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
    <name>Kiln::AddWorkerDialog</name>
    <message>
        <source>a worker named %1 exists already</source>
        <translation>ein Worker namens %1 existiert bereits</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Lowercase letters, digits and &apos;-&apos;; it never changes.</source>
        <translation>Kleinbuchstaben, Ziffern und „-“; ändert sich nie.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>https://, or http:// for a worker on this machine only.</source>
        <translation>https:// oder, nur für einen Worker auf diesem Rechner, http://.</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Kept in the keychain, never in the catalogue.</source>
        <translation>Wird im Schlüsselbund gespeichert, nie im Katalog.</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA-Datei</translation>
    </message>
    <message>
        <source>%1, column %2: %3</source>
        <translation>%1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>&amp;Add Worker</source>
        <translation>Worker &amp;hinzufügen</translation>
    </message>
    <message>
        <source>1 engine</source>
        <translation>1 Engine</translation>
    </message>
    <message>
        <source>%1 engines</source>
        <translation>%1 Engines</translation>
    </message>
    <message>
        <source>Online: kiln-worker %1, %2, %3 free</source>
        <translation>Online: kiln-worker %1, %2, %3 frei</translation>
    </message>
    <message>
        <source>Custom CA File</source>
        <translation>Eigene CA-Datei</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Fix the %1 first: %2</source>
        <translation>Korrigieren Sie zuerst das Feld „%1“: %2</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>&amp;Verbindung testen</translation>
    </message>
    <message>
        <source>The test did not finish.</source>
        <translation>Der Test wurde nicht abgeschlossen.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt…</translation>
    </message>
    <message>
        <source>Cancel &amp;Test</source>
        <translation>&amp;Verbindungstest abbrechen</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>The worker cannot be added: no catalogue or secret store is available.</source>
        <translation>Der Worker kann nicht hinzugefügt werden: Es ist kein Katalog oder Secret-Speicher verfügbar.</translation>
    </message>
    <message>
        <source>Storing the token in the keychain…</source>
        <translation>Das Token wird im Schlüsselbund gespeichert…</translation>
    </message>
    <message>
        <source>The worker was not added.</source>
        <translation>Der Worker wurde nicht hinzugefügt.</translation>
    </message>
</context>
<context>
    <name>Kiln::AvailabilityGroupDialog</name>
    <message>
        <source>Edit Availability Group %1</source>
        <translation>Verfügbarkeitsgruppe %1 bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>New Availability Group</source>
        <translation>Neue Verfügbarkeitsgruppe</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>An availability group named “%1” already exists.</source>
        <translation>Eine Verfügbarkeitsgruppe namens „%1“ existiert bereits.</translation>
    </message>
    <message>
        <source>Lowercase letters, digits, &apos;-&apos; and &apos;.&apos;.</source>
        <translation>Kleinbuchstaben, Ziffern, „-“ und „.“.</translation>
    </message>
</context>
<context>
    <name>Kiln::AvailabilityGroupListModel</name>
    <message>
        <source>Bake images warmed on this group&apos;s workers: %1</source>
        <translation>Bake-Images, die auf den Workern dieser Gruppe vorgewärmt werden: %1</translation>
    </message>
    <message>
        <source>Workers that hold this group&apos;s images: %1</source>
        <translation>Worker, die die Images dieser Gruppe bereithalten: %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Could not load the availability groups: %1</source>
        <translation>Die Verfügbarkeitsgruppen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not read the availability group %1: %2</source>
        <translation>Die Verfügbarkeitsgruppe %1 konnte nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>Kiln::AvailabilityGroupsPage</name>
    <message>
        <source>Filter availability groups (Ctrl+F)</source>
        <translation>Verfügbarkeitsgruppen filtern (Strg+F)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No availability groups yet&lt;/h3&gt;&lt;p&gt;An availability group is a set of workers that hold the same bake images: attach an image and it is warmed on every worker of the group; add a worker and it receives every image of the group.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Verfügbarkeitsgruppen&lt;/h3&gt;&lt;p&gt;Eine Verfügbarkeitsgruppe ist eine Menge von Workern, die dieselben Bake-Images bereithalten: Ordnen Sie ein Image zu, wird es auf jedem Worker der Gruppe vorgewärmt; fügen Sie einen Worker hinzu, erhält er jedes Image der Gruppe.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No availability group matches “%1”.</source>
        <translation>Keine Verfügbarkeitsgruppe passt zu „%1“.</translation>
    </message>
    <message>
        <source>%1 of 1 group</source>
        <translation>%1 von 1 Gruppe</translation>
    </message>
    <message>
        <source>%1 of %2 groups</source>
        <translation>%1 von %2 Gruppen</translation>
    </message>
    <message>
        <source>1 group</source>
        <translation>1 Gruppe</translation>
    </message>
    <message>
        <source>%1 groups</source>
        <translation>%1 Gruppen</translation>
    </message>
    <message>
        <source>&amp;New Group…</source>
        <translation>&amp;Neue Gruppe…</translation>
    </message>
    <message>
        <source>Create an availability group (Ctrl+N)</source>
        <translation>Verfügbarkeitsgruppe anlegen (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Rename the group or change its description (F2)</source>
        <translation>Gruppe umbenennen oder ihre Beschreibung ändern (F2)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Delete the group; its images stay on the workers (Del)</source>
        <translation>Gruppe löschen; ihre Images bleiben auf den Workern (Entf)</translation>
    </message>
    <message>
        <source>New Group…</source>
        <translation>Neue Gruppe…</translation>
    </message>
    <message>
        <source>Select an availability group to see its bake images and workers.</source>
        <translation>Wählen Sie eine Verfügbarkeitsgruppe aus, um ihre Bake-Images und Worker zu sehen.</translation>
    </message>
    <message>
        <source>Bake image</source>
        <translation>Bake-Image</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Add &amp;Image…</source>
        <translation>&amp;Image hinzufügen…</translation>
    </message>
    <message>
        <source>Attach a bake image: it is warmed on every worker of the group</source>
        <translation>Ein Bake-Image zuordnen: Es wird auf jedem Worker der Gruppe vorgewärmt</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Detach the selected image (the workers keep what they hold)</source>
        <translation>Die Zuordnung des ausgewählten Images aufheben (die Worker behalten, was sie bereits haben)</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Add &amp;Worker…</source>
        <translation>&amp;Worker hinzufügen…</translation>
    </message>
    <message>
        <source>Add a worker: every image of the group is warmed on it</source>
        <translation>Einen Worker hinzufügen: Jedes Image der Gruppe wird auf ihm vorgewärmt</translation>
    </message>
    <message>
        <source>Remove the selected worker from the group</source>
        <translation>Den ausgewählten Worker aus der Gruppe entfernen</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Could not read the bake images and workers: %1</source>
        <translation>Die Bake-Images und Worker konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No description.</source>
        <translation>Keine Beschreibung.</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>Disabled: neither polled nor warmed</source>
        <translation>Deaktiviert: wird weder abgefragt noch vorgewärmt</translation>
    </message>
    <message>
        <source>Created the availability group %1.</source>
        <translation>Die Verfügbarkeitsgruppe %1 wurde angelegt.</translation>
    </message>
    <message>
        <source>Saved the availability group %1.</source>
        <translation>Die Verfügbarkeitsgruppe %1 wurde gespeichert.</translation>
    </message>
    <message>
        <source>Delete Availability Group</source>
        <translation>Verfügbarkeitsgruppe löschen</translation>
    </message>
    <message>
        <source>Delete the availability group “%1”?</source>
        <translation>Verfügbarkeitsgruppe „%1“ löschen?</translation>
    </message>
    <message>
        <source>It holds %1 and %2.</source>
        <translation>Sie enthält %1 und %2.</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 Image</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 Images</translation>
    </message>
    <message>
        <source>1 worker</source>
        <translation>1 Worker</translation>
    </message>
    <message>
        <source>%1 workers</source>
        <translation>%1 Worker</translation>
    </message>
    <message>
        <source>What the workers already hold stays there; images no other group covers are no longer warmed.</source>
        <translation>Was die Worker bereits haben, bleibt dort; Images, die keine andere Gruppe abdeckt, werden nicht mehr vorgewärmt.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation>%1 konnte nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <source>Deleted the availability group %1.</source>
        <translation>Die Verfügbarkeitsgruppe %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Every active bake image is in %1 already (register one on the Baked Images page).</source>
        <translation>Jedes aktive Bake-Image ist bereits in %1 (registrieren Sie eines auf der Seite „Gebackene Images“).</translation>
    </message>
    <message>
        <source>Add Image to %1</source>
        <translation>Image zu %1 hinzufügen</translation>
    </message>
    <message>
        <source>Bake image to warm on the workers of %1:</source>
        <translation>Bake-Image, das auf den Workern von %1 vorgewärmt werden soll:</translation>
    </message>
    <message>
        <source>Every worker is in %1 already (add one on the Workers page).</source>
        <translation>Jeder Worker ist bereits in %1 (fügen Sie einen auf der Seite „Worker“ hinzu).</translation>
    </message>
    <message>
        <source>Add Worker to %1</source>
        <translation>Worker zu %1 hinzufügen</translation>
    </message>
    <message>
        <source>Worker to receive every image of %1:</source>
        <translation>Worker, der jedes Image von %1 erhalten soll:</translation>
    </message>
    <message>
        <source>Detached %1 from %2.</source>
        <translation>Die Zuordnung von %1 zu %2 wurde aufgehoben.</translation>
    </message>
    <message>
        <source>Removed %1 from %2.</source>
        <translation>%1 wurde aus %2 entfernt.</translation>
    </message>
    <message>
        <source>Added %1 to %2 (warming is not available here).</source>
        <translation>%1 wurde zu %2 hinzugefügt (Vorwärmen ist hier nicht verfügbar).</translation>
    </message>
    <message>
        <source>Added %1 to %2. The group has no workers yet, so nothing is warmed.</source>
        <translation>%1 wurde zu %2 hinzugefügt. Die Gruppe hat noch keine Worker, daher wird nichts vorgewärmt.</translation>
    </message>
    <message>
        <source>Added %1 to %2: warming it on %3…</source>
        <translation>%1 wurde zu %2 hinzugefügt: wird vorgewärmt (%3)…</translation>
    </message>
    <message>
        <source>Warm</source>
        <translation>Vorwärmen</translation>
    </message>
    <message>
        <source>Added %1 to %2. The group has no images yet, so nothing is warmed.</source>
        <translation>%1 wurde zu %2 hinzugefügt. Die Gruppe hat noch keine Images, daher wird nichts vorgewärmt.</translation>
    </message>
    <message>
        <source>Added %1 to %2: warming %3 on it…</source>
        <translation>%1 wurde zu %2 hinzugefügt: Vorwärmen von %3…</translation>
    </message>
    <message>
        <source>Warm on %1</source>
        <translation>Vorwärmen auf %1</translation>
    </message>
</context>
<context>
    <name>Kiln::BakeImageDetailPane</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht festgelegt</translation>
    </message>
    <message>
        <source>%1 of %2 (%p%)</source>
        <translation>%1 von %2 (%p%)</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>Select a bake image to see its details.</source>
        <translation>Wählen Sie ein Bake-Image aus, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Bake</source>
        <translation>Backen</translation>
    </message>
    <message>
        <source>Cancel Bake</source>
        <translation>Backen abbrechen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Registrierung</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Vulnerability scan</source>
        <translation>Schwachstellenscan</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Deactivated: nothing new starts from it. Reactivate it to use it again.</source>
        <translation>Deaktiviert: Von ihm wird nichts Neues mehr gestartet. Reaktivieren Sie es, um es wieder zu verwenden.</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>Anzeigename:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Quelle:</translation>
    </message>
    <message>
        <source>Pull secret:</source>
        <translation>Pull-Secret:</translation>
    </message>
    <message>
        <source>Size cap:</source>
        <translation>Größenlimit:</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>CPU:</translation>
    </message>
    <message>
        <source>millicores</source>
        <translation>Millicores</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Arbeitsspeicher:</translation>
    </message>
    <message>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <source>Disk:</source>
        <translation>Festplatte:</translation>
    </message>
    <message>
        <source>Scope:</source>
        <translation>Geltungsbereich:</translation>
    </message>
    <message>
        <source>Lazy pull:</source>
        <translation>Lazy Pull:</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Preinstalled:</source>
        <translation>Vorinstalliert:</translation>
    </message>
    <message>
        <source>Registered:</source>
        <translation>Registriert:</translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation>Aktualisiert:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 Bytes)</translation>
    </message>
    <message>
        <source>Modified:</source>
        <translation>Geändert:</translation>
    </message>
    <message>
        <source>sha256:</source>
        <translation>sha256:</translation>
    </message>
    <message>
        <source>sha1:</source>
        <translation>sha1:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>References:</source>
        <translation>Referenzen:</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>Pfad:</translation>
    </message>
    <message>
        <source>Content:</source>
        <translation>Inhalt:</translation>
    </message>
    <message>
        <source>none yet: bake the image or upload an ext4 file</source>
        <translation>noch keiner: Backen Sie das Image oder laden Sie eine ext4-Datei hoch</translation>
    </message>
    <message>
        <source>Waiting for a bake slot…</source>
        <translation>Warten auf einen freien Backplatz…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Phase %1 of %2: %3</source>
        <translation>Phase %1 von %2: %3</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
</context>
<context>
    <name>Kiln::BakeImageListModel</name>
    <message>
        <source>Registered</source>
        <translation>Registriert</translation>
    </message>
    <message>
        <source>Queued (cancelling)</source>
        <translation>Wartet (wird abgebrochen)</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Baking (cancelling)</source>
        <translation>Wird gebacken (wird abgebrochen)</translation>
    </message>
    <message>
        <source>Baking · %1/%2</source>
        <translation>Wird gebacken · %1/%2</translation>
    </message>
    <message>
        <source>Baking · %1/%2 %3</source>
        <translation>Wird gebacken · %1/%2 %3</translation>
    </message>
    <message>
        <source>Baking</source>
        <translation>Wird gebacken</translation>
    </message>
    <message>
        <source>Baking · %1</source>
        <translation>Wird gebacken · %1</translation>
    </message>
    <message>
        <source>Baked</source>
        <translation>Gebacken</translation>
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
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>OCI</source>
        <translation>OCI</translation>
    </message>
    <message>
        <source>docker archive</source>
        <translation>Docker-Archiv</translation>
    </message>
    <message>
        <source>OCI archive</source>
        <translation>OCI-Archiv</translation>
    </message>
    <message>
        <source>rootfs tar</source>
        <translation>rootfs-Tar</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>TiB</source>
        <translation>TiB</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Deactivated: nothing new starts from it.</source>
        <translation>Deaktiviert: Von ihm wird nichts Neues mehr gestartet.</translation>
    </message>
    <message>
        <source>The ext4 file may be at most %1</source>
        <translation>Die ext4-Datei darf höchstens %1 groß sein</translation>
    </message>
    <message>
        <source>sha256 %1</source>
        <translation>sha256 %1</translation>
    </message>
    <message>
        <source>No content yet</source>
        <translation>Noch kein Inhalt</translation>
    </message>
    <message>
        <source>%1, deactivated</source>
        <translation>%1, deaktiviert</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Size cap</source>
        <translation>Größenlimit</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Could not load the bake images: %1</source>
        <translation>Die Bake-Images konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not read the bake image %1: %2</source>
        <translation>Das Bake-Image %1 konnte nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>Kiln::BakeImagesPage</name>
    <message>
        <source>deactivated</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>Filter by name or source (Ctrl+F)</source>
        <translation>Nach Name oder Quelle filtern (Strg+F)</translation>
    </message>
    <message>
        <source>No bake image matches the filter.</source>
        <translation>Kein Bake-Image passt zum Filter.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No bake images yet&lt;/h3&gt;&lt;p&gt;A bake image is a root file system baked into an ext4 file that workers start from: register its source (an image in a registry or a tar file) and a size cap, and Kiln pulls, unpacks, writes and scans it.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;Register&lt;/b&gt; (Ctrl+N) to add the first one.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Bake-Images&lt;/h3&gt;&lt;p&gt;Ein Bake-Image ist ein Root-Dateisystem, das in eine ext4-Datei gebacken wird, von der Worker starten: Registrieren Sie seine Quelle (ein Image in einer Registry oder eine Tar-Datei) und ein Größenlimit, und Kiln pullt, entpackt, schreibt und scannt es.&lt;/p&gt;&lt;p&gt;Mit &lt;b&gt;Registrieren&lt;/b&gt; (Strg+N) fügen Sie das erste hinzu.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>1 bake image</source>
        <translation>1 Bake-Image</translation>
    </message>
    <message>
        <source>%1 of %2 bake images shown</source>
        <translation>%1 von %2 Bake-Images angezeigt</translation>
    </message>
    <message>
        <source>Show &amp;deactivated</source>
        <translation>&amp;Deaktivierte anzeigen</translation>
    </message>
    <message>
        <source>List the images nothing new may start from</source>
        <translation>Die Images auflisten, von denen nichts Neues mehr gestartet werden darf</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Register…</source>
        <translation>&amp;Registrieren…</translation>
    </message>
    <message>
        <source>Register a new bake image</source>
        <translation>Ein neues Bake-Image registrieren</translation>
    </message>
    <message>
        <source>&amp;Bake</source>
        <translation>&amp;Backen</translation>
    </message>
    <message>
        <source>Pull, unpack and write the image&apos;s ext4 file</source>
        <translation>Das Image pullen, entpacken und seine ext4-Datei schreiben</translation>
    </message>
    <message>
        <source>&amp;Cancel Bake</source>
        <translation>Backen &amp;abbrechen</translation>
    </message>
    <message>
        <source>Stop the queued or running bake</source>
        <translation>Den wartenden oder laufenden Backvorgang beenden</translation>
    </message>
    <message>
        <source>Re&amp;scan</source>
        <translation>Erneut &amp;scannen</translation>
    </message>
    <message>
        <source>Scan the content for vulnerabilities again</source>
        <translation>Den Inhalt erneut auf Schwachstellen scannen</translation>
    </message>
    <message>
        <source>Do&amp;wnload Content…</source>
        <translation>Inhalt her&amp;unterladen…</translation>
    </message>
    <message>
        <source>Save a copy of the ext4 file</source>
        <translation>Eine Kopie der ext4-Datei speichern</translation>
    </message>
    <message>
        <source>&amp;Upload Content…</source>
        <translation>Inhalt &amp;hochladen…</translation>
    </message>
    <message>
        <source>Use an ext4 file or bake a tar as the content</source>
        <translation>Eine ext4-Datei als Inhalt verwenden oder ein Tar als Inhalt backen</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>Herunterladen…</translation>
    </message>
    <message>
        <source>Upload…</source>
        <translation>Hochladen…</translation>
    </message>
    <message>
        <source>Delete C&amp;ontent…</source>
        <translation>&amp;Inhalt löschen…</translation>
    </message>
    <message>
        <source>Delete the ext4 file; the registration stays</source>
        <translation>Die ext4-Datei löschen; die Registrierung bleibt erhalten</translation>
    </message>
    <message>
        <source>Deac&amp;tivate</source>
        <translation>Deak&amp;tivieren</translation>
    </message>
    <message>
        <source>Nothing new starts from a deactivated image</source>
        <translation>Von einem deaktivierten Image wird nichts Neues mehr gestartet</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Delete the registration and its content</source>
        <translation>Die Registrierung und ihren Inhalt löschen</translation>
    </message>
    <message>
        <source>Register…</source>
        <translation>Registrieren…</translation>
    </message>
    <message>
        <source>Reac&amp;tivate</source>
        <translation>Reak&amp;tivieren</translation>
    </message>
    <message>
        <source>Registered the bake image %1.</source>
        <translation>Das Bake-Image %1 wurde registriert.</translation>
    </message>
    <message>
        <source>Queued the bake of %1.</source>
        <translation>Backvorgang von %1 in die Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>Cancelling the bake…</source>
        <translation>Backvorgang wird abgebrochen…</translation>
    </message>
    <message>
        <source>Scanning %1 again…</source>
        <translation>%1 wird erneut gescannt…</translation>
    </message>
    <message>
        <source>Deactivated %1: nothing new starts from it.</source>
        <translation>%1 wurde deaktiviert: Von ihm wird nichts Neues mehr gestartet.</translation>
    </message>
    <message>
        <source>Reactivated %1.</source>
        <translation>%1 wurde reaktiviert.</translation>
    </message>
    <message>
        <source>Download Content of %1</source>
        <translation>Inhalt von %1 herunterladen</translation>
    </message>
    <message>
        <source>ext4 images (*.ext4 *.img);;All files (*)</source>
        <translation>ext4-Images (*.ext4 *.img);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Upload Content to %1</source>
        <translation>Inhalt nach %1 hochladen</translation>
    </message>
    <message>
        <source>ext4 images and tar files (*.ext4 *.img *.tar *.tar.gz *.tgz *.tar.zst);;All files (*)</source>
        <translation>ext4-Images und Tar-Dateien (*.ext4 *.img *.tar *.tar.gz *.tgz *.tar.zst);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Uploading %1 to %2…</source>
        <translation>%1 wird nach %2 hochgeladen…</translation>
    </message>
    <message>
        <source>Downloading %1 to %2…</source>
        <translation>%1 wird nach %2 heruntergeladen…</translation>
    </message>
    <message>
        <source>Uploading %1</source>
        <translation>%1 wird hochgeladen</translation>
    </message>
    <message>
        <source>Downloading to %1</source>
        <translation>Herunterladen nach %1</translation>
    </message>
    <message>
        <source>Uploaded the content of %1.</source>
        <translation>Der Inhalt von %1 wurde hochgeladen.</translation>
    </message>
    <message>
        <source>Downloaded %1 to %2.</source>
        <translation>%1 wurde nach %2 heruntergeladen.</translation>
    </message>
    <message>
        <source>Upload to %1 failed: %2</source>
        <translation>Hochladen nach %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Download of %1 failed: %2</source>
        <translation>Herunterladen von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Delete Content</source>
        <translation>Inhalt löschen</translation>
    </message>
    <message>
        <source>Delete the content of “%1”?</source>
        <translation>Den Inhalt von „%1“ löschen?</translation>
    </message>
    <message>
        <source>The ext4 file %1 is deleted; the registration stays, so the image can be baked or uploaded again.</source>
        <translation>Die ext4-Datei %1 wird gelöscht; die Registrierung bleibt erhalten, sodass das Image erneut gebacken oder hochgeladen werden kann.</translation>
    </message>
    <message>
        <source>&amp;Delete Content</source>
        <translation>&amp;Inhalt löschen</translation>
    </message>
    <message>
        <source>Deleted the content of %1.</source>
        <translation>Der Inhalt von %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>Delete Bake Image</source>
        <translation>Bake-Image löschen</translation>
    </message>
    <message>
        <source>Delete the bake image “%1”?</source>
        <translation>Bake-Image „%1“ löschen?</translation>
    </message>
    <message>
        <source>Its registration and its ext4 file %1 are deleted. This cannot be undone; to keep it but stop its use, deactivate it instead.</source>
        <translation>Seine Registrierung und seine ext4-Datei %1 werden gelöscht. Dies kann nicht rückgängig gemacht werden; um es zu behalten, aber nicht mehr zu verwenden, deaktivieren Sie es stattdessen.</translation>
    </message>
    <message>
        <source>Its registration is deleted. This cannot be undone.</source>
        <translation>Seine Registrierung wird gelöscht. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Deleted the bake image %1.</source>
        <translation>Das Bake-Image %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
</context>
<context>
    <name>Kiln::BuildDetailsDialog</name>
    <message>
        <source>Build Details of %1</source>
        <translation>Build-Details von %1</translation>
    </message>
    <message>
        <source>The image %1 is built from this spec. Edit it and save to rebuild, or rebuild a finished job as it was.</source>
        <translation>Das Image %1 wird aus dieser Spezifikation erstellt. Bearbeiten und speichern Sie die Spezifikation für einen neuen Build, oder erstellen Sie einen abgeschlossenen Auftrag unverändert neu.</translation>
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
    <name>Kiln::CacheEntryModel</name>
    <message>
        <source>Not warmed</source>
        <translation>Nicht vorgewärmt</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>Wird erstellt</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Evicted</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>%1 queued, %2 ready, %3 failed, %4 skipped</source>
        <translation>%1 in der Warteschlange, %2 bereit, %3 fehlgeschlagen, %4 übersprungen</translation>
    </message>
    <message>
        <source>1 worker: </source>
        <translation>1 Worker: </translation>
    </message>
    <message>
        <source>%1 workers: </source>
        <translation>%1 Worker: </translation>
    </message>
    <message>
        <source>%1 ready, %2 building, %3 failed</source>
        <translation>%1 bereit, %2 in Erstellung, %3 fehlgeschlagen</translation>
    </message>
    <message>
        <source>, %1 evicted</source>
        <translation>, %1 entfernt</translation>
    </message>
    <message>
        <source>, %1 not warmed</source>
        <translation>, %1 nicht vorgewärmt</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>This worker targets the image but has not been asked for it yet.</source>
        <translation>Dieser Worker soll das Image bereithalten, wurde aber noch nicht danach gefragt.</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
</context>
<context>
    <name>Kiln::CacheView</name>
    <message>
        <source>&amp;Re-warm</source>
        <translation>Erneut &amp;vorwärmen</translation>
    </message>
    <message>
        <source>Ask every worker of the image&apos;s groups for it again</source>
        <translation>Alle Worker der Gruppen des Images erneut danach fragen</translation>
    </message>
    <message>
        <source>Re-warm &amp;Failed</source>
        <translation>&amp;Fehlgeschlagene erneut vorwärmen</translation>
    </message>
    <message>
        <source>Ask again only the workers where it failed, was evicted or never arrived</source>
        <translation>Nur die Worker erneut fragen, bei denen es fehlgeschlagen ist, aus dem Cache entfernt wurde oder nie angekommen ist</translation>
    </message>
    <message>
        <source>E&amp;vict…</source>
        <translation>Aus dem &amp;Cache entfernen…</translation>
    </message>
    <message>
        <source>Remove the image from the selected worker</source>
        <translation>Das Image vom ausgewählten Worker entfernen</translation>
    </message>
    <message>
        <source>No availability group includes this image, so warming does nothing.</source>
        <translation>Keine Verfügbarkeitsgruppe enthält dieses Image, daher bewirkt Vorwärmen nichts.</translation>
    </message>
    <message>
        <source>&amp;Add to a Group…</source>
        <translation>Zu einer &amp;Gruppe hinzufügen…</translation>
    </message>
    <message>
        <source>Warm: %1</source>
        <translation>Vorwärmen: %1</translation>
    </message>
    <message>
        <source>Warm failed: %1</source>
        <translation>Vorwärmen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Evicted %1 from %2.</source>
        <translation>%1 wurde aus dem Cache von %2 entfernt.</translation>
    </message>
    <message>
        <source>Evicting from %1 failed: %2</source>
        <translation>Entfernen aus dem Cache von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Could not read where the image is cached: %1</source>
        <translation>Es konnte nicht gelesen werden, wo das Image im Cache liegt: %1</translation>
    </message>
    <message>
        <source>Warming %1 on its workers…</source>
        <translation>%1 wird auf seinen Workern vorgewärmt…</translation>
    </message>
    <message>
        <source>Warming %1 again where it failed…</source>
        <translation>%1 wird dort erneut vorgewärmt, wo es fehlgeschlagen ist…</translation>
    </message>
    <message>
        <source>Evict</source>
        <translation>Aus dem Cache entfernen</translation>
    </message>
    <message>
        <source>Evict %1 from the worker %2?</source>
        <translation>%1 aus dem Cache des Workers %2 entfernen?</translation>
    </message>
    <message>
        <source>The worker deletes its copy; Re-warm brings it back.</source>
        <translation>Der Worker löscht seine Kopie; „Erneut vorwärmen“ holt sie zurück.</translation>
    </message>
    <message>
        <source>&amp;Evict</source>
        <translation>Aus dem Cache &amp;entfernen</translation>
    </message>
    <message>
        <source>Evicting from %1…</source>
        <translation>Wird aus dem Cache von %1 entfernt…</translation>
    </message>
    <message>
        <source>No availability groups yet (create one on the Availability Groups page)</source>
        <translation>Noch keine Verfügbarkeitsgruppen (legen Sie eine auf der Seite „Verfügbarkeitsgruppen“ an)</translation>
    </message>
    <message>
        <source>%1 (1 worker)</source>
        <translation>%1 (1 Worker)</translation>
    </message>
    <message>
        <source>%1 (%2 workers)</source>
        <translation>%1 (%2 Worker)</translation>
    </message>
    <message>
        <source>Added to %1, which has no workers yet: nothing is warmed.</source>
        <translation>Zu %1 hinzugefügt; dort gibt es noch keine Worker: Es wird nichts vorgewärmt.</translation>
    </message>
    <message>
        <source>Added to %1: warming…</source>
        <translation>Zu %1 hinzugefügt: wird vorgewärmt…</translation>
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
    <message>
        <source>Secrets</source>
        <translation>Secrets</translation>
    </message>
    <message>
        <source>Baked Images</source>
        <translation>Gebackene Images</translation>
    </message>
    <message>
        <source>Bake images</source>
        <translation>Bake-Images</translation>
    </message>
    <message>
        <source>Availability Groups</source>
        <translation>Verfügbarkeitsgruppen</translation>
    </message>
    <message>
        <source>a build on a worker</source>
        <translation>einen Build auf einem Worker</translation>
    </message>
</context>
<context>
    <name>Kiln::EditGroupsDialog</name>
    <message>
        <source>Could not read the groups: %1</source>
        <translation>Die Gruppen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 of %2 selected</source>
        <translation>%1 von %2 ausgewählt</translation>
    </message>
    <message>
        <source>There are no groups yet: create them on the Groups page.</source>
        <translation>Es gibt noch keine Gruppen: Legen Sie sie auf der Seite „Gruppen“ an.</translation>
    </message>
    <message>
        <source>No group matches “%1”.</source>
        <translation>Keine Gruppe passt zu „%1“.</translation>
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
    <name>Kiln::FormHints</name>
    <message>
        <source>Required: a full image reference, e.g. registry.example.com/base/ubuntu:22.04.</source>
        <translation>Erforderlich: eine vollständige Image-Referenz, z. B. registry.example.com/base/ubuntu:22.04.</translation>
    </message>
    <message>
        <source>a reference is required.</source>
        <translation>eine Referenz ist erforderlich.</translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <translation>Spalte %1: %2</translation>
    </message>
    <message>
        <source>Name: %1</source>
        <translation>Name: %1</translation>
    </message>
    <message>
        <source>A name is required.</source>
        <translation>Ein Name ist erforderlich.</translation>
    </message>
    <message>
        <source>Name, column %1: %2</source>
        <translation>Name, Spalte %1: %2</translation>
    </message>
    <message>
        <source>Lowercase letters, digits, &apos;-&apos; and &apos;.&apos;; it cannot be changed later.</source>
        <translation>Kleinbuchstaben, Ziffern, „-“ und „.“; kann später nicht geändert werden.</translation>
    </message>
</context>
<context>
    <name>Kiln::GroupCheckListModel</name>
    <message>
        <source>%1 (%2)</source>
        <comment>display name (name)</comment>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>Kiln::GroupDialog</name>
    <message>
        <source>Edit Group %1</source>
        <translation>Gruppe %1 bearbeiten</translation>
    </message>
    <message>
        <source>The name of a group cannot be changed.</source>
        <translation>Der Name einer Gruppe kann nicht geändert werden.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>New Group</source>
        <translation>Neue Gruppe</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>A group named “%1” already exists.</source>
        <translation>Eine Gruppe namens „%1“ existiert bereits.</translation>
    </message>
</context>
<context>
    <name>Kiln::GroupListModel</name>
    <message>
        <source>Members as reported by the platform: %1</source>
        <translation>Mitglieder laut Plattform: %1</translation>
    </message>
    <message>
        <source>Images this group may use: %1 (global or granted, deactivated ones excluded)</source>
        <translation>Images, die diese Gruppe verwenden darf: %1 (global oder freigegeben, ohne deaktivierte)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Could not load the groups: %1</source>
        <translation>Die Gruppen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not read the group %1: %2</source>
        <translation>Die Gruppe %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Could not count the images of the group %1: %2</source>
        <translation>Die Images der Gruppe %1 konnten nicht gezählt werden: %2</translation>
    </message>
</context>
<context>
    <name>Kiln::GroupsPage</name>
    <message>
        <source>&amp;New Group…</source>
        <translation>&amp;Neue Gruppe…</translation>
    </message>
    <message>
        <source>Create a group (Ctrl+N)</source>
        <translation>Gruppe anlegen (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the group&apos;s display name, members and description (F2)</source>
        <translation>Anzeigename, Mitglieder und Beschreibung der Gruppe bearbeiten (F2)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Delete the group and its grants (Del)</source>
        <translation>Gruppe mit ihren Freigaben löschen (Entf)</translation>
    </message>
    <message>
        <source>Filter groups (Ctrl+F)</source>
        <translation>Gruppen filtern (Strg+F)</translation>
    </message>
    <message>
        <source>New Group…</source>
        <translation>Neue Gruppe…</translation>
    </message>
    <message>
        <source>Select a group to see which images it can use.</source>
        <translation>Eine Gruppe auswählen, um zu sehen, welche Images sie verwenden kann.</translation>
    </message>
    <message>
        <source>Which images can this group use?</source>
        <translation>Welche Images kann diese Gruppe verwenden?</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <source>Created the group %1.</source>
        <translation>Die Gruppe %1 wurde angelegt.</translation>
    </message>
    <message>
        <source>Saved the group %1.</source>
        <translation>Die Gruppe %1 wurde gespeichert.</translation>
    </message>
    <message>
        <source>Delete Group</source>
        <translation>Gruppe löschen</translation>
    </message>
    <message>
        <source>Delete the group “%1”?</source>
        <translation>Gruppe „%1“ löschen?</translation>
    </message>
    <message>
        <source>No image is granted to this group, so no image loses access.</source>
        <translation>Für diese Gruppe ist kein Image freigegeben, es geht also kein Zugriff verloren.</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>und %1 weitere</translation>
    </message>
    <message>
        <source>1 image granted to this group loses access: %1.</source>
        <translation>Die Gruppe verliert den Zugriff auf 1 freigegebenes Image: %1.</translation>
    </message>
    <message>
        <source>%1 images granted to this group lose access: %2.</source>
        <translation>Die Gruppe verliert den Zugriff auf %1 freigegebene Images: %2.</translation>
    </message>
    <message>
        <source>Global images stay available. This cannot be undone.</source>
        <translation>Globale Images bleiben verfügbar. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Deleted the group %1.</source>
        <translation>Die Gruppe %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>No group matches “%1”.</source>
        <translation>Keine Gruppe passt zu „%1“.</translation>
    </message>
    <message>
        <source>No groups yet. A group is a set of users that images are granted to: create one, then grant images to it on the Images page.</source>
        <translation>Noch keine Gruppen. Eine Gruppe ist eine Menge von Benutzern, für die Images freigegeben werden: Legen Sie eine Gruppe an und geben Sie ihr dann auf der Seite „Images“ Images frei.</translation>
    </message>
    <message>
        <source>%1 of 1 group</source>
        <translation>%1 von 1 Gruppe</translation>
    </message>
    <message>
        <source>%1 of %2 groups</source>
        <translation>%1 von %2 Gruppen</translation>
    </message>
    <message>
        <source>1 group</source>
        <translation>1 Gruppe</translation>
    </message>
    <message>
        <source>%1 groups</source>
        <translation>%1 Gruppen</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Members: %1</source>
        <translation>Mitglieder: %1</translation>
    </message>
    <message>
        <source>Could not read the images of this group: %1</source>
        <translation>Die Images dieser Gruppe konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>global</source>
        <translation>global</translation>
    </message>
    <message>
        <source>granted</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>Every group may use this image</source>
        <translation>Jede Gruppe darf dieses Image verwenden</translation>
    </message>
    <message>
        <source>Granted to this group explicitly</source>
        <translation>Ausdrücklich für diese Gruppe freigegeben</translation>
    </message>
    <message>
        <source>This group cannot use any image yet.</source>
        <translation>Diese Gruppe kann noch keine Images verwenden.</translation>
    </message>
    <message>
        <source>1 image: %1 global, %2 granted</source>
        <translation>1 Image: %1 global, %2 freigegeben</translation>
    </message>
    <message>
        <source>%1 images: %2 global, %3 granted</source>
        <translation>%1 Images: %2 global, %3 freigegeben</translation>
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
    <message>
        <source>&amp;Run on:</source>
        <translation>&amp;Ausführen auf:</translation>
    </message>
    <message>
        <source>Where a new or changed spec is built: this computer or a kiln-worker</source>
        <translation>Wo eine neue oder geänderte Spezifikation gebaut wird: auf diesem Computer oder einem kiln-worker</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <source>Sent a build to %1</source>
        <translation>Build an %1 gesendet</translation>
    </message>
    <message>
        <source>Could not run the build on %1: %2</source>
        <translation>Der Build konnte nicht auf %1 ausgeführt werden: %2</translation>
    </message>
</context>
<context>
    <name>Kiln::ImageDialog</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Universal (CPU and GPU)</source>
        <translation>Universell (CPU und GPU)</translation>
    </message>
    <message>
        <source>No secrets yet (kilnctl secret add)</source>
        <translation>Noch keine Secrets (kilnctl secret add)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keins</translation>
    </message>
    <message>
        <source>Edit Image %1</source>
        <translation>Image %1 bearbeiten</translation>
    </message>
    <message>
        <source>%1 (not found)</source>
        <translation>%1 (nicht gefunden)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Add and &amp;Build</source>
        <translation>Hinzufügen und erstelle&amp;n</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>No groups: only Global makes it usable</source>
        <translation>Keine Gruppen: Nur „Global“ macht es verwendbar</translation>
    </message>
    <message>
        <source>Groups: %1</source>
        <translation>Gruppen: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Image name: %1 (it never changes)</source>
        <translation>Image-Name: %1 (ändert sich nie)</translation>
    </message>
    <message>
        <source>Display name: a display name is required.</source>
        <translation>Anzeigename: Ein Anzeigename ist erforderlich.</translation>
    </message>
    <message>
        <source>The image name is derived from it.</source>
        <translation>Der Image-Name wird daraus abgeleitet.</translation>
    </message>
    <message>
        <source>Display name: %1</source>
        <translation>Anzeigename: %1</translation>
    </message>
    <message>
        <source>Image name: %1 is taken by another image.</source>
        <translation>Image-Name: %1 wird bereits von einem anderen Image verwendet.</translation>
    </message>
    <message>
        <source>Display name: the image name %1 is taken.</source>
        <translation>Anzeigename: Der Image-Name %1 ist bereits vergeben.</translation>
    </message>
    <message>
        <source>Image name: %1</source>
        <translation>Image-Name: %1</translation>
    </message>
    <message>
        <source>Image URL</source>
        <translation>Image-URL</translation>
    </message>
    <message>
        <source>GPU URL</source>
        <translation>GPU-URL</translation>
    </message>
    <message>
        <source>Base image</source>
        <translation>Basis-Image</translation>
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
        <source>%1 packages, %2</source>
        <translation>%1-Pakete, %2</translation>
    </message>
    <message>
        <source>Pull secret: choose a secret, or clear “Use image pull secret”.</source>
        <translation>Pull-Secret: Ein Secret auswählen oder „Image-Pull-Secret verwenden“ deaktivieren.</translation>
    </message>
    <message>
        <source>The image is frozen: unfreeze it to change it.</source>
        <translation>Das Image ist eingefroren: Heben Sie das Einfrieren auf, um es zu ändern.</translation>
    </message>
</context>
<context>
    <name>Kiln::ImageListModel</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Universal</source>
        <translation>Universell</translation>
    </message>
    <message>
        <source>Global</source>
        <translation>Global</translation>
    </message>
    <message>
        <source>1 group</source>
        <translation>1 Gruppe</translation>
    </message>
    <message numerus="yes">
        <source>%n groups</source>
        <translation>
            <numerusform>%n Gruppe</numerusform>
            <numerusform>%n Gruppen</numerusform>
        </translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Not built yet</source>
        <translation>Noch nicht erstellt</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>Wird erstellt</translation>
    </message>
    <message>
        <source>Build failed</source>
        <translation>Build fehlgeschlagen</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>%1 · frozen</source>
        <comment>status · frozen</comment>
        <translation>%1 · eingefroren</translation>
    </message>
    <message>
        <source>Deactivated: nothing new starts from this image</source>
        <translation>Deaktiviert: Von diesem Image wird nichts Neues mehr gestartet</translation>
    </message>
    <message>
        <source>Image building in progress</source>
        <translation>Image wird erstellt</translation>
    </message>
    <message>
        <source>The last build was interrupted</source>
        <translation>Der letzte Build wurde unterbrochen</translation>
    </message>
    <message>
        <source>The last build was interrupted: %1</source>
        <translation>Der letzte Build wurde unterbrochen: %1</translation>
    </message>
    <message>
        <source>The last build failed</source>
        <translation>Der letzte Build ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>The last build failed: %1</source>
        <translation>Der letzte Build ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>System image</source>
        <translation>System-Image</translation>
    </message>
    <message>
        <source>Not built yet: the image gets its URL when its build succeeds</source>
        <translation>Noch nicht erstellt: Das Image erhält seine URL, sobald sein Build erfolgreich ist</translation>
    </message>
    <message>
        <source>Ready; frozen: edits are blocked until it is unfrozen</source>
        <translation>Bereit; eingefroren: Änderungen sind gesperrt, bis das Einfrieren aufgehoben wird</translation>
    </message>
    <message>
        <source>No URL yet</source>
        <translation>Noch keine URL</translation>
    </message>
    <message>
        <source>CPU: %1
GPU: %2</source>
        <translation>CPU: %1
GPU: %2</translation>
    </message>
    <message>
        <source>Global: every group may use this image</source>
        <translation>Global: Jede Gruppe darf dieses Image verwenden</translation>
    </message>
    <message>
        <source>No group may use this image</source>
        <translation>Keine Gruppe darf dieses Image verwenden</translation>
    </message>
    <message>
        <source>Granted to: %1</source>
        <translation>Freigegeben für: %1</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Could not load the managed images: %1</source>
        <translation>Die verwalteten Images konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not read the image %1: %2</source>
        <translation>Das Image %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Could not read the groups: %1</source>
        <translation>Die Gruppen konnten nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>Kiln::ImagesPage</name>
    <message>
        <source>&amp;Add Image…</source>
        <translation>Image &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Add an existing image or build a custom one (Ctrl+N)</source>
        <translation>Vorhandenes Image hinzufügen oder eigenes Image erstellen (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Build &amp;Details</source>
        <translation>Build-&amp;Details</translation>
    </message>
    <message>
        <source>The spec, the builds and the live log of a custom image</source>
        <translation>Spezifikation, Builds und Live-Protokoll eines eigenen Images</translation>
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
        <source>&amp;Freeze</source>
        <translation>&amp;Einfrieren</translation>
    </message>
    <message>
        <source>A frozen image refuses every edit until it is unfrozen</source>
        <translation>Ein eingefrorenes Image lehnt jede Änderung ab, bis das Einfrieren aufgehoben wird</translation>
    </message>
    <message>
        <source>Filter by name or URL (Ctrl+F)</source>
        <translation>Nach Name oder URL filtern (Strg+F)</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Alle Typen</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Universal</source>
        <translation>Universell</translation>
    </message>
    <message>
        <source>&amp;Hide deactivated</source>
        <translation>Deaktivierte &amp;ausblenden</translation>
    </message>
    <message>
        <source>Add Image…</source>
        <translation>Image hinzufügen…</translation>
    </message>
    <message>
        <source>Image Building in &amp;Progress</source>
        <translation>&amp;Image wird erstellt</translation>
    </message>
    <message>
        <source>View Build &amp;Details</source>
        <translation>Build-&amp;Details anzeigen</translation>
    </message>
    <message>
        <source>Un&amp;freeze</source>
        <translation>Einfrieren au&amp;fheben</translation>
    </message>
    <message>
        <source>No image matches the filters.</source>
        <translation>Kein Image passt zu den Filtern.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No images yet&lt;/h3&gt;&lt;p&gt;An image is what users may run: an image that already exists at a URL, or a custom image that Kiln builds from packages.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;Add Image&lt;/b&gt; (Ctrl+N) to add the first one.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Images&lt;/h3&gt;&lt;p&gt;Ein Image ist das, was Benutzer ausführen dürfen: ein Image, das bereits unter einer URL existiert, oder ein eigenes Image, das Kiln aus Paketen erstellt.&lt;/p&gt;&lt;p&gt;Mit &lt;b&gt;Image hinzufügen&lt;/b&gt; (Strg+N) fügen Sie das erste hinzu.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 Image</translation>
    </message>
    <message>
        <source>%1 of %2 images shown</source>
        <translation>%1 von %2 Images angezeigt</translation>
    </message>
    <message>
        <source>Any access</source>
        <translation>Beliebiger Zugriff</translation>
    </message>
    <message>
        <source>Global only</source>
        <translation>Nur global</translation>
    </message>
    <message>
        <source>Usable by %1</source>
        <translation>Verwendbar für %1</translation>
    </message>
    <message>
        <source>Building %1</source>
        <translation>Build von %1 läuft</translation>
    </message>
    <message>
        <source>Added %1</source>
        <translation>%1 hinzugefügt</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>%1 is frozen: unfreeze it before deleting it.</source>
        <translation>%1 ist eingefroren: Heben Sie das Einfrieren auf, bevor Sie es löschen.</translation>
    </message>
    <message>
        <source>Delete Image</source>
        <translation>Image löschen</translation>
    </message>
    <message>
        <source>Delete the image “%1”?</source>
        <translation>Image „%1“ löschen?</translation>
    </message>
    <message>
        <source>No group can use it now.</source>
        <translation>Derzeit kann keine Gruppe es verwenden.</translation>
    </message>
    <message>
        <source>These groups lose access: %1.</source>
        <translation>Diese Gruppen verlieren den Zugriff: %1.</translation>
    </message>
    <message>
        <source>Its spec and builds stay in the Image Builder.</source>
        <translation>Seine Spezifikation und Builds bleiben im Image-Builder erhalten.</translation>
    </message>
    <message>
        <source>This is a system image: confirm below that you mean to delete it.</source>
        <translation>Dies ist ein System-Image: Bestätigen Sie unten, dass Sie es wirklich löschen möchten.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete the system image</source>
        <translation>Das System-Image löschen</translation>
    </message>
    <message>
        <source>Deleted the image.</source>
        <translation>Das Image wurde gelöscht.</translation>
    </message>
    <message>
        <source>Froze %1: edits are refused until it is unfrozen.</source>
        <translation>%1 eingefroren: Änderungen werden abgelehnt, bis das Einfrieren aufgehoben wird.</translation>
    </message>
    <message>
        <source>Unfroze %1.</source>
        <translation>Einfrieren von %1 aufgehoben.</translation>
    </message>
    <message>
        <source>Cancelling the build of %1…</source>
        <translation>Build von %1 wird abgebrochen…</translation>
    </message>
    <message>
        <source>%1 is frozen: unfreeze it to rebuild it.</source>
        <translation>%1 ist eingefroren: Heben Sie das Einfrieren auf, um es neu zu erstellen.</translation>
    </message>
    <message>
        <source>Rebuilding %1</source>
        <translation>%1 wird neu erstellt</translation>
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
    <message>
        <source>%1 on %2</source>
        <comment>status on worker</comment>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>a worker</source>
        <translation>ein Worker</translation>
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
    <name>Kiln::KeyValueEditor</name>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Add a key/value pair</source>
        <translation>Ein Schlüssel-Wert-Paar hinzufügen</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected pair</source>
        <translation>Das ausgewählte Paar entfernen</translation>
    </message>
    <message>
        <source>Row %1: the key is empty.</source>
        <translation>Zeile %1: Der Schlüssel ist leer.</translation>
    </message>
    <message>
        <source>Row %1: the key “%2” is given twice.</source>
        <translation>Zeile %1: Der Schlüssel „%2“ kommt zweimal vor.</translation>
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
    <message>
        <source>line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
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
    <name>Kiln::RegisterBakeDialog</name>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <translation>Spalte %1: %2</translation>
    </message>
    <message>
        <source>None (anonymous pull)</source>
        <translation>Keins (anonymer Pull)</translation>
    </message>
    <message>
        <source>%1 (user %2)</source>
        <translation>%1 (Benutzer %2)</translation>
    </message>
    <message>
        <source>The login used to pull a private OCI image</source>
        <translation>Die Anmeldung, mit der ein privates OCI-Image gepullt wird</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Partner</source>
        <translation>Partner</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Platform scope needs the bake.superAdmin setting</source>
        <translation>Der Geltungsbereich Plattform erfordert die Einstellung bake.superAdmin</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Registrieren</translation>
    </message>
    <message>
        <source>/srv/images/rootfs.tar</source>
        <translation>/srv/images/rootfs.tar</translation>
    </message>
    <message>
        <source>e.g. docker.io/library/debian:12</source>
        <translation>z. B. docker.io/library/debian:12</translation>
    </message>
    <message>
        <source>Choose a Tar File</source>
        <translation>Tar-Datei auswählen</translation>
    </message>
    <message>
        <source>Tar files (*.tar *.tar.gz *.tgz *.tar.zst *.tar.xz);;All files (*)</source>
        <translation>Tar-Dateien (*.tar *.tar.gz *.tgz *.tar.zst *.tar.xz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>A bake image named “%1” already exists; images are versioned by name, so register a new one.</source>
        <translation>Ein Bake-Image namens „%1“ existiert bereits; Images werden über den Namen versioniert, registrieren Sie also ein neues.</translation>
    </message>
    <message>
        <source>Shown to people instead of the name.</source>
        <translation>Wird statt des Namens angezeigt.</translation>
    </message>
    <message>
        <source>Required: the absolute path of a docker-archive, an oci-archive or a root file system tar.</source>
        <translation>Erforderlich: der absolute Pfad eines docker-archive, eines oci-archive oder eines Tars eines Root-Dateisystems.</translation>
    </message>
    <message>
        <source>Required: an image in a registry, e.g. docker.io/library/debian:12.</source>
        <translation>Erforderlich: ein Image in einer Registry, z. B. docker.io/library/debian:12.</translation>
    </message>
    <message>
        <source>Required: the largest the ext4 file may be. A bake that needs more fails before it writes.</source>
        <translation>Erforderlich: die maximale Größe der ext4-Datei. Ein Backvorgang, der mehr benötigt, schlägt fehl, bevor er schreibt.</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Optional: what a workload gets when it asks for nothing else.</source>
        <translation>Optional: was eine Workload erhält, wenn sie nichts anderes anfordert.</translation>
    </message>
    <message>
        <source>Who may use the image.</source>
        <translation>Wer das Image verwenden darf.</translation>
    </message>
    <message>
        <source>Who may use the image. Platform scope needs the bake.superAdmin setting.</source>
        <translation>Wer das Image verwenden darf. Der Geltungsbereich Plattform erfordert die Einstellung bake.superAdmin.</translation>
    </message>
    <message>
        <source>Software the image is known to carry, one per line (optional).</source>
        <translation>Software, die das Image bekanntermaßen enthält, eine pro Zeile (optional).</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Quelle: %1</translation>
    </message>
    <message>
        <source>1 worker</source>
        <translation>1 Worker</translation>
    </message>
    <message>
        <source>%1 workers</source>
        <translation>%1 Worker</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Checking whether “%1” is free…</source>
        <translation>Es wird geprüft, ob „%1“ frei ist…</translation>
    </message>
    <message>
        <source>Name: %1</source>
        <translation>Name: %1</translation>
    </message>
    <message>
        <source>Reading the pull secrets and the bake.superAdmin setting…</source>
        <translation>Die Pull-Secrets und die Einstellung bake.superAdmin werden gelesen…</translation>
    </message>
</context>
<context>
    <name>Kiln::RegistriesPage</name>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>Filter by name, URL, prefix, tag or metadata (Ctrl+F)</source>
        <translation>Nach Name, URL, Präfix, Tag oder Metadaten filtern (Strg+F)</translation>
    </message>
    <message>
        <source>No registry matches the filters.</source>
        <translation>Keine Registry passt zu den Filtern.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No registries yet&lt;/h3&gt;&lt;p&gt;A registry is where images live: the Image Builder pushes what it builds to the &lt;i&gt;push target&lt;/i&gt;, and images and base images are pulled from the others. Kiln checks that each one answers and browses what it holds.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;New Registry&lt;/b&gt; (Ctrl+N) to add the first one, or &lt;b&gt;Import&lt;/b&gt; a container-registry JSON file.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Registrys&lt;/h3&gt;&lt;p&gt;In einer Registry liegen Images: Der Image-Builder pusht, was er erstellt, in das &lt;i&gt;Push-Ziel&lt;/i&gt;, und Images und Basis-Images werden aus den anderen gepullt. Kiln prüft, ob jede Registry antwortet, und zeigt, was sie enthält.&lt;/p&gt;&lt;p&gt;Klicken Sie auf &lt;b&gt;Neue Registry&lt;/b&gt; (Strg+N), um die erste hinzuzufügen, oder &lt;b&gt;importieren&lt;/b&gt; Sie eine Container-Registry-JSON-Datei.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>1 registry</source>
        <translation>1 Registry</translation>
    </message>
    <message>
        <source>%1 of %2 registries shown</source>
        <translation>%1 von %2 Registrys angezeigt</translation>
    </message>
    <message>
        <source>&amp;New Registry…</source>
        <translation>&amp;Neue Registry…</translation>
    </message>
    <message>
        <source>Add a registry to push to or pull from (Ctrl+N)</source>
        <translation>Eine Registry hinzufügen, in die gepusht oder aus der gepullt wird (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Make &amp;Push Target</source>
        <translation>Zum &amp;Push-Ziel machen</translation>
    </message>
    <message>
        <source>The Image Builder pushes built images to this registry (only one at a time)</source>
        <translation>Der Image-Builder pusht erstellte Images in diese Registry (immer nur eine)</translation>
    </message>
    <message>
        <source>&amp;Check Now</source>
        <translation>&amp;Jetzt prüfen</translation>
    </message>
    <message>
        <source>Ping the registry&apos;s /v2/ API now (F5)</source>
        <translation>Die /v2/-API der Registry jetzt abfragen (F5)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Add registries from a container-registry JSON file</source>
        <translation>Registrys aus einer Container-Registry-JSON-Datei hinzufügen</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Save every registry as container-registry JSON (without credentials)</source>
        <translation>Alle Registrys als Container-Registry-JSON speichern (ohne Zugangsdaten)</translation>
    </message>
    <message>
        <source>Any of the tags</source>
        <translation>Eines der Tags</translation>
    </message>
    <message>
        <source>All of the tags</source>
        <translation>Alle Tags</translation>
    </message>
    <message>
        <source>Any of: at least one checked tag (like $in). All of: every checked tag.</source>
        <translation>Eines der Tags: mindestens ein ausgewähltes Tag (wie $in). Alle Tags: jedes ausgewählte Tag.</translation>
    </message>
    <message>
        <source>field=value; …</source>
        <translation>feld=wert; …</translation>
    </message>
    <message>
        <source>Filter by any field, e.g. storage_type=s3; registry_type=internal. Fields: %1</source>
        <translation>Nach beliebigen Feldern filtern, z. B. storage_type=s3; registry_type=internal. Felder: %1</translation>
    </message>
    <message>
        <source>New Registry…</source>
        <translation>Neue Registry…</translation>
    </message>
    <message>
        <source>Registry %1: %2</source>
        <translation>Registry %1: %2</translation>
    </message>
    <message>
        <source>Push Target</source>
        <translation>Push-Ziel</translation>
    </message>
    <message>
        <source>No registry selected</source>
        <translation>Keine Registry ausgewählt</translation>
    </message>
    <message>
        <source>%1 (push target)</source>
        <translation>%1 (Push-Ziel)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Checked %1</source>
        <translation>Geprüft am %1</translation>
    </message>
    <message>
        <source>Public URL:</source>
        <translation>Öffentliche URL:</translation>
    </message>
    <message>
        <source>Image prefix:</source>
        <translation>Image-Präfix:</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Tags:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Typ:</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>Intern</translation>
    </message>
    <message>
        <source>External</source>
        <translation>Extern</translation>
    </message>
    <message>
        <source>Authentication:</source>
        <translation>Authentifizierung:</translation>
    </message>
    <message>
        <source>required</source>
        <translation>erforderlich</translation>
    </message>
    <message>
        <source>not required</source>
        <translation>nicht erforderlich</translation>
    </message>
    <message>
        <source>Mirror:</source>
        <translation>Spiegel:</translation>
    </message>
    <message>
        <source>TLS:</source>
        <translation>TLS:</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>insecure (not verified)</source>
        <translation>unsicher (nicht geprüft)</translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation>CA-Datei:</translation>
    </message>
    <message>
        <source>Max layer size:</source>
        <translation>Max. Layer-Größe:</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Storage:</source>
        <translation>Speicher:</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>Größe unbekannt</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Arbeitsspeicher:</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>none (anonymous)</source>
        <translation>keine (anonym)</translation>
    </message>
    <message>
        <source>%1 (user %2)</source>
        <translation>%1 (Benutzer %2)</translation>
    </message>
    <message>
        <source>Credentials:</source>
        <translation>Zugangsdaten:</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>No tags yet</source>
        <translation>Noch keine Tags</translation>
    </message>
    <message>
        <source>Tags: any</source>
        <translation>Tags: beliebig</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>Tags: %1</translation>
    </message>
    <message>
        <source>Added the registry %1</source>
        <translation>Die Registry %1 wurde hinzugefügt</translation>
    </message>
    <message>
        <source>Saved the registry %1</source>
        <translation>Die Registry %1 wurde gespeichert</translation>
    </message>
    <message>
        <source>Delete Registry</source>
        <translation>Registry löschen</translation>
    </message>
    <message>
        <source>Delete the registry “%1”?</source>
        <translation>Registry „%1“ löschen?</translation>
    </message>
    <message>
        <source>Kiln forgets the registry; the images in it are not touched.</source>
        <translation>Kiln vergisst die Registry; die Images darin bleiben unberührt.</translation>
    </message>
    <message>
        <source>It is the Image Builder&apos;s push target: builds cannot be pushed until another registry is made the push target.</source>
        <translation>Sie ist das Push-Ziel des Image-Builders: Builds können erst wieder gepusht werden, wenn eine andere Registry zum Push-Ziel gemacht wird.</translation>
    </message>
    <message>
        <source>Its credentials stay in the Secrets list.</source>
        <translation>Ihre Zugangsdaten bleiben in der Liste der Secrets.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Deleted the registry %1.</source>
        <translation>Die Registry %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>The Image Builder now pushes to %1.</source>
        <translation>Der Image-Builder pusht jetzt nach %1.</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>%1 wird geprüft…</translation>
    </message>
    <message>
        <source>Import Registries</source>
        <translation>Registrys importieren</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export Registries</source>
        <translation>Registrys exportieren</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert…</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n registries to %1.</source>
        <translation>
            <numerusform>%n Registry nach %1 exportiert.</numerusform>
            <numerusform>%n Registrys nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Kiln::RegistryBrowser</name>
    <message>
        <source>Filter repositories and tags</source>
        <translation>Repositorys und Tags filtern</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Ne&amp;u laden</translation>
    </message>
    <message>
        <source>List the registry&apos;s repositories again</source>
        <translation>Die Repositorys der Registry erneut auflisten</translation>
    </message>
    <message>
        <source>&amp;Copy Reference</source>
        <translation>Referenz &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the full image reference, e.g. host/repository:tag (Ctrl+C)</source>
        <translation>Die vollständige Image-Referenz kopieren, z. B. host/repository:tag (Strg+C)</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>Select a registry to see its repositories.</source>
        <translation>Wählen Sie eine Registry aus, um ihre Repositorys zu sehen.</translation>
    </message>
    <message>
        <source>Listing the repositories of %1…</source>
        <translation>Die Repositorys von %1 werden aufgelistet…</translation>
    </message>
    <message>
        <source>This registry holds no repositories yet.</source>
        <translation>Diese Registry enthält noch keine Repositorys.</translation>
    </message>
    <message>
        <source> (scroll for more)</source>
        <translation> (für weitere scrollen)</translation>
    </message>
    <message>
        <source>Nothing listed so far matches “%1”.</source>
        <translation>Bisher passt nichts zu „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>%n repositories%1, listing…</source>
        <translation>
            <numerusform>%n Repository%1, wird aufgelistet…</numerusform>
            <numerusform>%n Repositorys%1, wird aufgelistet…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repositories%1</source>
        <translation>
            <numerusform>%n Repository%1</numerusform>
            <numerusform>%n Repositorys%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Kiln::RegistryBrowserModel</name>
    <message>
        <source>Authentication failed: the credentials of %1 cannot be read: %2</source>
        <translation>Anmeldung fehlgeschlagen: Die Zugangsdaten von %1 können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Authentication failed: %1</source>
        <translation>Anmeldung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The registry cannot be reached: %1</source>
        <translation>Die Registry ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Could not list the tags of %1: %2</source>
        <translation>Die Tags von %1 konnten nicht aufgelistet werden: %2</translation>
    </message>
    <message>
        <source>%1 (listing tags…)</source>
        <translation>%1 (Tags werden aufgelistet…)</translation>
    </message>
    <message>
        <source>%1 (tags unavailable)</source>
        <translation>%1 (Tags nicht verfügbar)</translation>
    </message>
    <message>
        <source>%1 (no tags)</source>
        <translation>%1 (keine Tags)</translation>
    </message>
    <message>
        <source>Repository / Tag</source>
        <translation>Repository / Tag</translation>
    </message>
</context>
<context>
    <name>Kiln::RegistryDialog</name>
    <message>
        <source>S3</source>
        <translation>S3</translation>
    </message>
    <message>
        <source>Object store</source>
        <translation>Objektspeicher</translation>
    </message>
    <message>
        <source>File system</source>
        <translation>Dateisystem</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>External (someone else&apos;s)</source>
        <translation>Extern (von anderen betrieben)</translation>
    </message>
    <message>
        <source>Internal (run by the platform)</source>
        <translation>Intern (von der Plattform betrieben)</translation>
    </message>
    <message>
        <source>None (anonymous)</source>
        <translation>Keine (anonym)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>New credentials…</source>
        <translation>Neue Zugangsdaten…</translation>
    </message>
    <message>
        <source>Edit Registry %1</source>
        <translation>Registry %1 bearbeiten</translation>
    </message>
    <message>
        <source>%1 (not found)</source>
        <translation>%1 (nicht gefunden)</translation>
    </message>
    <message>
        <source>Password or token</source>
        <translation>Passwort oder Token</translation>
    </message>
    <message>
        <source>Unchanged: leave empty to keep the stored password</source>
        <translation>Unverändert: leer lassen, um das gespeicherte Passwort zu behalten</translation>
    </message>
    <message>
        <source>The name never changes.</source>
        <translation>Der Name ändert sich nie.</translation>
    </message>
    <message>
        <source>Required: lowercase letters, digits and &apos;-&apos;, e.g. harbor.</source>
        <translation>Erforderlich: Kleinbuchstaben, Ziffern und „-“, z. B. harbor.</translation>
    </message>
    <message>
        <source>Name: a name is required.</source>
        <translation>Name: Ein Name ist erforderlich.</translation>
    </message>
    <message>
        <source>Name: %1</source>
        <translation>Name: %1</translation>
    </message>
    <message>
        <source>Name: a registry named %1 exists already.</source>
        <translation>Name: Eine Registry namens %1 existiert bereits.</translation>
    </message>
    <message>
        <source>Public URL</source>
        <translation>Öffentliche URL</translation>
    </message>
    <message>
        <source>What people browse, e.g. https://registry.example.org</source>
        <translation>Die Adresse zum Aufrufen, z. B. https://registry.example.org</translation>
    </message>
    <message>
        <source>Image prefix</source>
        <translation>Image-Präfix</translation>
    </message>
    <message>
        <source>What image references start with, e.g. registry.example.org/team</source>
        <translation>Womit Image-Referenzen beginnen, z. B. registry.example.org/team</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA-Datei</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>Tags: %1</translation>
    </message>
    <message>
        <source>Press Enter to add the tag.</source>
        <translation>Drücken Sie die Eingabetaste, um das Tag hinzuzufügen.</translation>
    </message>
    <message>
        <source>Tags: press Enter to add “%1”, or clear it.</source>
        <translation>Tags: Drücken Sie die Eingabetaste, um „%1“ hinzuzufügen, oder leeren Sie das Feld.</translation>
    </message>
    <message>
        <source>Metadata: %1</source>
        <translation>Metadaten: %1</translation>
    </message>
    <message>
        <source>Secret name: a name for the new credentials is required.</source>
        <translation>Secret-Name: Ein Name für die neuen Zugangsdaten ist erforderlich.</translation>
    </message>
    <message>
        <source>Secret name: %1</source>
        <translation>Secret-Name: %1</translation>
    </message>
    <message>
        <source>Secret name: a secret named %1 exists already; choose it above.</source>
        <translation>Secret-Name: Ein Secret namens %1 existiert bereits; wählen Sie es oben aus.</translation>
    </message>
    <message>
        <source>Username: a username is required.</source>
        <translation>Benutzername: Ein Benutzername ist erforderlich.</translation>
    </message>
    <message>
        <source>Username: &apos;:&apos; cannot be part of a username.</source>
        <translation>Benutzername: „:“ darf nicht in einem Benutzernamen vorkommen.</translation>
    </message>
    <message>
        <source>Password: a password or token is required.</source>
        <translation>Passwort: Ein Passwort oder Token ist erforderlich.</translation>
    </message>
    <message>
        <source>Password: type the password to change the username.</source>
        <translation>Passwort: Geben Sie das Passwort ein, um den Benutzernamen zu ändern.</translation>
    </message>
    <message>
        <source>The stored password is kept.</source>
        <translation>Das gespeicherte Passwort bleibt erhalten.</translation>
    </message>
    <message>
        <source>Authentication is required but no credentials are set.</source>
        <translation>Authentifizierung ist erforderlich, aber es sind keine Zugangsdaten festgelegt.</translation>
    </message>
    <message>
        <source>The password is stored in the keychain, never in the catalogue.</source>
        <translation>Das Passwort wird im Schlüsselbund gespeichert, nie im Katalog.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>Custom CA File</source>
        <translation>Eigene CA-Datei</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Fix the %1 first: %2</source>
        <translation>Korrigieren Sie zuerst das Feld „%1“: %2</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>&amp;Verbindung testen</translation>
    </message>
    <message>
        <source>The check did not finish.</source>
        <translation>Die Prüfung wurde nicht abgeschlossen.</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>%1 wird geprüft…</translation>
    </message>
    <message>
        <source>Cancel &amp;Test</source>
        <translation>&amp;Verbindungstest abbrechen</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Credentials cannot be saved: no secret store is available.</source>
        <translation>Die Zugangsdaten können nicht gespeichert werden: Es ist kein Secret-Speicher verfügbar.</translation>
    </message>
    <message>
        <source>Credentials: the chosen secret no longer exists.</source>
        <translation>Zugangsdaten: Das ausgewählte Secret existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Saving the credentials…</source>
        <translation>Die Zugangsdaten werden gespeichert…</translation>
    </message>
    <message>
        <source>Could not store the password: %1</source>
        <translation>Das Passwort konnte nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>Kiln::RegistryImportDialog</name>
    <message>
        <source>Import from %1</source>
        <translation>Import aus %1</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>%1 created, %2 updated, %3 skipped, %4 with problems.</source>
        <translation>%1 angelegt, %2 aktualisiert, %3 übersprungen, %4 mit Problemen.</translation>
    </message>
</context>
<context>
    <name>Kiln::RegistryListModel</name>
    <message>
        <source>Healthy · %1 ms</source>
        <translation>In Ordnung · %1 ms</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>In Ordnung</translation>
    </message>
    <message>
        <source>Auth failed</source>
        <translation>Anmeldefehler</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Nicht erreichbar</translation>
    </message>
    <message>
        <source>Not an OCI registry</source>
        <translation>Keine OCI-Registry</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n min</numerusform>
            <numerusform>vor %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n h</numerusform>
            <numerusform>vor %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: images under %2</source>
        <translation>%1: Images unter %2</translation>
    </message>
    <message>
        <source>No tags</source>
        <translation>Keine Tags</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>Noch nicht geprüft</translation>
    </message>
    <message>
        <source>Image Builder pushes built images here</source>
        <translation>Der Image-Builder pusht erstellte Images hierher</translation>
    </message>
    <message>
        <source>Push target</source>
        <translation>Push-Ziel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Last checked</source>
        <translation>Zuletzt geprüft</translation>
    </message>
    <message>
        <source>Could not load the registries: %1</source>
        <translation>Die Registrys konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not read the registry %1: %2</source>
        <translation>Die Registry %1 konnte nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>Kiln::ScanFindingsView</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Installiert</translation>
    </message>
    <message>
        <source>Fixed in</source>
        <translation>Behoben in</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>%1 (scanned %2)</source>
        <translation>%1 (gescannt %2)</translation>
    </message>
    <message>
        <source>Not scanned yet: the scan runs once the image has content.</source>
        <translation>Noch nicht gescannt: Der Scan läuft, sobald das Image Inhalt hat.</translation>
    </message>
    <message>
        <source>The findings cannot be read: %1</source>
        <translation>Die Befunde können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No vulnerabilities found.</source>
        <translation>Keine Schwachstellen gefunden.</translation>
    </message>
    <message>
        <source>Scanner: %1 %2</source>
        <translation>Scanner: %1 %2</translation>
    </message>
    <message>
        <source>The %1 worst of %2 findings:</source>
        <translation>Die %1 schwersten von %2 Befunden:</translation>
    </message>
    <message>
        <source>no fix yet</source>
        <translation>noch keine Behebung</translation>
    </message>
</context>
<context>
    <name>Kiln::SecretDialog</name>
    <message>
        <source>A login Kiln uses for a registry: pushes, pulls, health checks</source>
        <translation>Eine Anmeldung, die Kiln für eine Registry verwendet: Pushs, Pulls, Zustandsprüfungen</translation>
    </message>
    <message>
        <source>A login a spec or an image uses to pull its base image</source>
        <translation>Eine Anmeldung, mit der eine Spezifikation oder ein Image sein Basis-Image pullt</translation>
    </message>
    <message>
        <source>Show the password or token</source>
        <translation>Passwort oder Token anzeigen</translation>
    </message>
    <message>
        <source>Hide the password or token</source>
        <translation>Passwort oder Token verbergen</translation>
    </message>
    <message>
        <source>Rotate Secret %1</source>
        <translation>Secret %1 rotieren</translation>
    </message>
    <message>
        <source>Rotating replaces the stored value; the name and kind stay.</source>
        <translation>Rotieren ersetzt den gespeicherten Wert; Name und Art bleiben.</translation>
    </message>
    <message>
        <source>New &amp;password or token:</source>
        <translation>Neues &amp;Passwort oder Token:</translation>
    </message>
    <message>
        <source>&amp;Rotate</source>
        <translation>&amp;Rotieren</translation>
    </message>
    <message>
        <source>New Secret</source>
        <translation>Neues Secret</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <translation>Spalte %1: %2</translation>
    </message>
    <message>
        <source>A secret named “%1” already exists.</source>
        <translation>Ein Secret namens „%1“ existiert bereits.</translation>
    </message>
    <message>
        <source>Username, column %1: %2</source>
        <translation>Benutzername, Spalte %1: %2</translation>
    </message>
    <message>
        <source>Optional for a token; it cannot contain &apos;:&apos;.</source>
        <translation>Bei einem Token optional; darf kein „:“ enthalten.</translation>
    </message>
    <message>
        <source>Required: the new value replaces the stored one.</source>
        <translation>Erforderlich: Der neue Wert ersetzt den gespeicherten.</translation>
    </message>
    <message>
        <source>Stored in the keychain (or the encrypted file), never in the catalogue.</source>
        <translation>Wird im Schlüsselbund (oder in der verschlüsselten Datei) gespeichert, nie im Katalog.</translation>
    </message>
    <message>
        <source>Password or token: a value is required.</source>
        <translation>Passwort oder Token: Ein Wert ist erforderlich.</translation>
    </message>
    <message>
        <source>Password or token, column %1: %2</source>
        <translation>Passwort oder Token, Spalte %1: %2</translation>
    </message>
    <message>
        <source>The value could not be stored: %1</source>
        <translation>Der Wert konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The new value is stored, but %1</source>
        <translation>Der neue Wert ist gespeichert, aber %1</translation>
    </message>
</context>
<context>
    <name>Kiln::SecretListModel</name>
    <message>
        <source>Registry credential</source>
        <translation>Registry-Zugangsdaten</translation>
    </message>
    <message>
        <source>Pull secret</source>
        <translation>Pull-Secret</translation>
    </message>
    <message>
        <source>Worker token</source>
        <translation>Worker-Token</translation>
    </message>
    <message>
        <source>registry %1</source>
        <translation>Registry %1</translation>
    </message>
    <message>
        <source>spec %1</source>
        <translation>Spezifikation %1</translation>
    </message>
    <message>
        <source>image %1</source>
        <translation>Image %1</translation>
    </message>
    <message>
        <source>worker %1</source>
        <translation>Worker %1</translation>
    </message>
    <message>
        <source>not used</source>
        <translation>nicht verwendet</translation>
    </message>
    <message>
        <source>rotated %1</source>
        <translation>rotiert am %1</translation>
    </message>
    <message>
        <source>created %1</source>
        <translation>angelegt am %1</translation>
    </message>
    <message>
        <source>%1 (%2); the value is kept in the keychain or the encrypted file, never in the catalogue</source>
        <translation>%1 (%2); der Wert liegt im Schlüsselbund oder in der verschlüsselten Datei, nie im Katalog</translation>
    </message>
    <message>
        <source>No username</source>
        <translation>Kein Benutzername</translation>
    </message>
    <message>
        <source>Nothing uses this secret</source>
        <translation>Nichts verwendet dieses Secret</translation>
    </message>
    <message>
        <source>Used by: %1</source>
        <translation>Verwendet von: %1</translation>
    </message>
    <message>
        <source>Created %1, last rotated %2</source>
        <translation>Angelegt am %1, zuletzt rotiert am %2</translation>
    </message>
    <message>
        <source>Created %1, never rotated</source>
        <translation>Angelegt am %1, nie rotiert</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>Verwendet von</translation>
    </message>
    <message>
        <source>Rotated / Created</source>
        <translation>Rotiert / Angelegt</translation>
    </message>
    <message>
        <source>Could not load the secrets: %1</source>
        <translation>Die Secrets konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not read the secret %1: %2</source>
        <translation>Das Secret %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Could not read what uses the secret %1: %2</source>
        <translation>Es konnte nicht gelesen werden, was das Secret %1 verwendet: %2</translation>
    </message>
</context>
<context>
    <name>Kiln::SecretsPage</name>
    <message>
        <source>Filter secrets (Ctrl+F)</source>
        <translation>Secrets filtern (Strg+F)</translation>
    </message>
    <message>
        <source>No secrets yet. Add the login of a registry (for pushes and health checks) or a pull secret for private base images.</source>
        <translation>Noch keine Secrets. Fügen Sie die Anmeldung einer Registry (für Pushs und Zustandsprüfungen) oder ein Pull-Secret für private Basis-Images hinzu.</translation>
    </message>
    <message>
        <source>No secret matches “%1”.</source>
        <translation>Kein Secret passt zu „%1“.</translation>
    </message>
    <message>
        <source>%1 of 1 secret</source>
        <translation>%1 von 1 Secret</translation>
    </message>
    <message>
        <source>%1 of %2 secrets</source>
        <translation>%1 von %2 Secrets</translation>
    </message>
    <message>
        <source>1 secret</source>
        <translation>1 Secret</translation>
    </message>
    <message>
        <source>%1 secrets</source>
        <translation>%1 Secrets</translation>
    </message>
    <message>
        <source>&amp;Add Secret…</source>
        <translation>Secret &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Add a registry credential or a pull secret (Ctrl+N)</source>
        <translation>Registry-Zugangsdaten oder ein Pull-Secret hinzufügen (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Rotate…</source>
        <translation>&amp;Rotieren…</translation>
    </message>
    <message>
        <source>Replace the stored password or token</source>
        <translation>Das gespeicherte Passwort oder Token ersetzen</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Delete the secret and its stored value (Del)</source>
        <translation>Das Secret und seinen gespeicherten Wert löschen (Entf)</translation>
    </message>
    <message>
        <source>Add Secret…</source>
        <translation>Secret hinzufügen…</translation>
    </message>
    <message>
        <source>Added the secret %1.</source>
        <translation>Das Secret %1 wurde hinzugefügt.</translation>
    </message>
    <message>
        <source>Rotated the secret %1.</source>
        <translation>Das Secret %1 wurde rotiert.</translation>
    </message>
    <message>
        <source>Delete Secret</source>
        <translation>Secret löschen</translation>
    </message>
    <message>
        <source>Delete the secret “%1”?</source>
        <translation>Secret „%1“ löschen?</translation>
    </message>
    <message>
        <source>Nothing uses this secret.</source>
        <translation>Nichts verwendet dieses Secret.</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>und %1 weitere</translation>
    </message>
    <message>
        <source>It is in use: %1 loses its login.</source>
        <translation>Es wird verwendet: %1 verliert seine Anmeldung.</translation>
    </message>
    <message>
        <source>It is in use: %1 (%2 in all) lose their login.</source>
        <translation>Es wird verwendet: %1 (insgesamt %2) verlieren ihre Anmeldung.</translation>
    </message>
    <message>
        <source>The stored value is erased too. This cannot be undone.</source>
        <translation>Der gespeicherte Wert wird ebenfalls gelöscht. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Deleted the secret %1.</source>
        <translation>Das Secret %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>Deleted the secret %1, but its value could not be erased: %2</source>
        <translation>Das Secret %1 wurde gelöscht, aber sein Wert konnte nicht entfernt werden: %2</translation>
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
        <source>A spec named %1 already exists.</source>
        <translation>Eine Spezifikation namens %1 existiert bereits.</translation>
    </message>
    <message>
        <source>Base image: %1</source>
        <translation>Basis-Image: %1</translation>
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
        <source>%1 packages, %2</source>
        <translation>%1-Pakete, %2</translation>
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
    <name>Kiln::TagChipEdit</name>
    <message>
        <source>Add a tag and press Enter</source>
        <translation>Tag eingeben und Eingabetaste drücken</translation>
    </message>
    <message>
        <source>“%1”, column %2: %3</source>
        <translation>„%1“, Spalte %2: %3</translation>
    </message>
    <message>
        <source>“%1” is there already.</source>
        <translation>„%1“ ist bereits vorhanden.</translation>
    </message>
    <message>
        <source>Remove the tag %1</source>
        <translation>Das Tag %1 entfernen</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
</context>
<context>
    <name>Kiln::WorkerCachedImagesModel</name>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>Wird erstellt</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Evicted</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>sha256 %1</source>
        <translation>sha256 %1</translation>
    </message>
    <message>
        <source>No content yet</source>
        <translation>Noch kein Inhalt</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>Kiln::WorkerDetailPane</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Ask the worker for its cached images again</source>
        <translation>Den Worker erneut nach den Images in seinem Cache fragen</translation>
    </message>
    <message>
        <source>Cached images</source>
        <translation>Images im Cache</translation>
    </message>
    <message>
        <source>Open &amp;Log</source>
        <translation>&amp;Protokoll öffnen</translation>
    </message>
    <message>
        <source>Show the selected job&apos;s log below (double-click a job does the same)</source>
        <translation>Das Protokoll des ausgewählten Auftrags unten anzeigen (ein Doppelklick auf einen Auftrag bewirkt dasselbe)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Aktuali&amp;sieren</translation>
    </message>
    <message>
        <source>Ask the worker for its jobs again</source>
        <translation>Den Worker erneut nach seinen Aufträgen fragen</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>No worker selected</source>
        <translation>Kein Worker ausgewählt</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Capacity:</source>
        <translation>Kapazität:</translation>
    </message>
    <message>
        <source>Disk free:</source>
        <translation>Freier Speicherplatz:</translation>
    </message>
    <message>
        <source>Last seen:</source>
        <translation>Zuletzt gesehen:</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation>CA-Datei:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>none: use Edit Token</source>
        <translation>keins: „Token bearbeiten“ verwenden</translation>
    </message>
    <message>
        <source>No worker connection is available.</source>
        <translation>Es ist keine Worker-Verbindung verfügbar.</translation>
    </message>
    <message>
        <source>The worker&apos;s token could not be read.</source>
        <translation>Das Token des Workers konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Reading the cached images…</source>
        <translation>Die Images im Cache werden gelesen…</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
    <message>
        <source>No cached images: warm an image on this worker through an availability group. (%1)</source>
        <translation>Keine Images im Cache: Wärmen Sie über eine Verfügbarkeitsgruppe ein Image auf diesem Worker vor. (%1)</translation>
    </message>
    <message>
        <source>1 cached image, read at %1</source>
        <translation>1 Image im Cache, abgerufen um %1</translation>
    </message>
    <message>
        <source>%1 cached images, read at %2</source>
        <translation>%1 Images im Cache, abgerufen um %2</translation>
    </message>
    <message>
        <source>Reading the jobs…</source>
        <translation>Die Aufträge werden gelesen…</translation>
    </message>
    <message>
        <source>No jobs on this worker. (%1)</source>
        <translation>Keine Aufträge auf diesem Worker. (%1)</translation>
    </message>
    <message>
        <source>%1 jobs, %2 running, read at %3</source>
        <translation>%1 Aufträge, %2 laufend, abgerufen um %3</translation>
    </message>
    <message>
        <source>Reading the log of %1…</source>
        <translation>Das Protokoll von %1 wird gelesen…</translation>
    </message>
    <message>
        <source>The log is empty.</source>
        <translation>Das Protokoll ist leer.</translation>
    </message>
</context>
<context>
    <name>Kiln::WorkerJobsModel</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>Spezifikation</translation>
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
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
</context>
<context>
    <name>Kiln::WorkerListModel</name>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Nicht erreichbar</translation>
    </message>
    <message>
        <source>Auth failed</source>
        <translation>Anmeldefehler</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 running / %2</source>
        <translation>%1 laufend / %2</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>%1: disabled, neither polled nor warmed</source>
        <translation>%1: deaktiviert, wird weder abgefragt noch vorgewärmt</translation>
    </message>
    <message>
        <source>%1
Trusts the CAs in %2</source>
        <translation>%1
Vertraut den CAs in %2</translation>
    </message>
    <message>
        <source>Not seen yet</source>
        <translation>Noch nicht gesehen</translation>
    </message>
    <message>
        <source>kiln-worker %1</source>
        <translation>kiln-worker %1</translation>
    </message>
    <message>
        <source>%1 jobs running; it runs up to %2 at once</source>
        <translation>%1 Aufträge laufen; er führt bis zu %2 gleichzeitig aus</translation>
    </message>
    <message>
        <source>Not known yet</source>
        <translation>Noch nicht bekannt</translation>
    </message>
    <message>
        <source>%1 bytes free</source>
        <translation>%1 Bytes frei</translation>
    </message>
    <message>
        <source>Never answered</source>
        <translation>Hat nie geantwortet</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <source>Disk free</source>
        <translation>Freier Speicherplatz</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Could not load the workers: %1</source>
        <translation>Die Worker konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not read the worker %1: %2</source>
        <translation>Der Worker %1 konnte nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>Kiln::WorkersPage</name>
    <message>
        <source>Filter workers (Ctrl+F)</source>
        <translation>Worker filtern (Strg+F)</translation>
    </message>
    <message>
        <source>No worker matches the filter.</source>
        <translation>Kein Worker passt zum Filter.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No workers yet: add a kiln-worker with its URL and a token&lt;/h3&gt;&lt;p&gt;A kiln-worker holds baked images close to where they run and builds images for the Image Builder. Create a token on the worker host with &lt;tt&gt;kiln-worker token create --scope admin&lt;/tt&gt;, then press &lt;b&gt;Add Worker&lt;/b&gt; (Ctrl+N).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Worker: Fügen Sie einen kiln-worker mit seiner URL und einem Token hinzu&lt;/h3&gt;&lt;p&gt;Ein kiln-worker hält gebackene Images dort bereit, wo sie laufen, und erstellt Images für den Image-Builder. Erstellen Sie auf dem Worker-Host mit &lt;tt&gt;kiln-worker token create --scope admin&lt;/tt&gt; ein Token und klicken Sie dann auf &lt;b&gt;Worker hinzufügen&lt;/b&gt; (Strg+N).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>1 worker</source>
        <translation>1 Worker</translation>
    </message>
    <message>
        <source>%1 of %2 workers shown</source>
        <translation>%1 von %2 Workern angezeigt</translation>
    </message>
    <message>
        <source>&amp;Add Worker…</source>
        <translation>Worker &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Add a kiln-worker with its URL and a token (Ctrl+N)</source>
        <translation>Einen kiln-worker mit seiner URL und einem Token hinzufügen (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>Remove the worker from Kiln (Del); the worker itself keeps running</source>
        <translation>Den Worker aus Kiln entfernen (Entf); der Worker selbst läuft weiter</translation>
    </message>
    <message>
        <source>&amp;Check Now</source>
        <translation>&amp;Jetzt prüfen</translation>
    </message>
    <message>
        <source>Ask the worker about itself now (F5)</source>
        <translation>Den Worker jetzt nach Informationen über sich fragen (F5)</translation>
    </message>
    <message>
        <source>Edit &amp;Token…</source>
        <translation>&amp;Token bearbeiten…</translation>
    </message>
    <message>
        <source>Replace the worker&apos;s token in the keychain</source>
        <translation>Das Token des Workers im Schlüsselbund ersetzen</translation>
    </message>
    <message>
        <source>Add Worker…</source>
        <translation>Worker hinzufügen…</translation>
    </message>
    <message>
        <source>Added the worker %1; checking it…</source>
        <translation>Der Worker %1 wurde hinzugefügt; er wird geprüft…</translation>
    </message>
    <message>
        <source>Remove Worker</source>
        <translation>Worker entfernen</translation>
    </message>
    <message>
        <source>Remove the worker “%1” from Kiln?</source>
        <translation>Worker „%1“ aus Kiln entfernen?</translation>
    </message>
    <message>
        <source>Kiln forgets the worker, its token (unless another worker uses it), what it knows of the worker&apos;s cache and its availability group memberships. The worker itself keeps running with its images.</source>
        <translation>Kiln vergisst den Worker, sein Token (sofern kein anderer Worker es verwendet), was es über den Cache des Workers weiß, und seine Mitgliedschaften in Verfügbarkeitsgruppen. Der Worker selbst läuft mit seinen Images weiter.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Removed the worker %1.</source>
        <translation>Der Worker %1 wurde entfernt.</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>%1 wird geprüft…</translation>
    </message>
    <message>
        <source>Checking the workers…</source>
        <translation>Die Worker werden geprüft…</translation>
    </message>
    <message>
        <source>Edit Token</source>
        <translation>Token bearbeiten</translation>
    </message>
    <message>
        <source>New token for %1 (from kiln-worker token create on the worker host):</source>
        <translation>Neues Token für %1 (von kiln-worker token create auf dem Worker-Host):</translation>
    </message>
    <message>
        <source>&amp;Save Token</source>
        <translation>Token &amp;speichern</translation>
    </message>
    <message>
        <source>Stored the new token of %1; checking it…</source>
        <translation>Das neue Token von %1 wurde gespeichert; es wird geprüft…</translation>
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
    <name>RegisterBakeDialog</name>
    <message>
        <source>Register Bake Image</source>
        <translation>Bake-Image registrieren</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. debian-12-cuda-2024.06</source>
        <translation>z. B. debian-12-cuda-2024.06</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>An&amp;zeigename:</translation>
    </message>
    <message>
        <source>Optional; the name when empty</source>
        <translation>Optional; leer: der Name</translation>
    </message>
    <message>
        <source>D&amp;escription:</source>
        <translation>B&amp;eschreibung:</translation>
    </message>
    <message>
        <source>Optional: what the image is for</source>
        <translation>Optional: wofür das Image gedacht ist</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>&amp;Quelle:</translation>
    </message>
    <message>
        <source>&amp;OCI reference</source>
        <translation>&amp;OCI-Referenz</translation>
    </message>
    <message>
        <source>&amp;Tar file</source>
        <translation>&amp;Tar-Datei</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Pull secret:</source>
        <translation>&amp;Pull-Secret:</translation>
    </message>
    <message>
        <source>Si&amp;ze cap:</source>
        <translation>&amp;Größenlimit:</translation>
    </message>
    <message>
        <source>e.g. 4096</source>
        <translation>z. B. 4096</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>Defaults:</source>
        <translation>Standardwerte:</translation>
    </message>
    <message>
        <source>&amp;CPU</source>
        <translation>&amp;CPU</translation>
    </message>
    <message>
        <source>millicores</source>
        <translation>Millicores</translation>
    </message>
    <message>
        <source>&amp;Memory</source>
        <translation>&amp;Arbeitsspeicher</translation>
    </message>
    <message>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <source>Dis&amp;k</source>
        <translation>&amp;Festplatte</translation>
    </message>
    <message>
        <source>Sco&amp;pe:</source>
        <translation>Geltungs&amp;bereich:</translation>
    </message>
    <message>
        <source>&amp;Lazy pull (workers start it before the whole image is local)</source>
        <translation>&amp;Lazy Pull (Worker starten es, bevor das ganze Image lokal vorliegt)</translation>
    </message>
    <message>
        <source>P&amp;reinstalled:</source>
        <translation>&amp;Vorinstalliert:</translation>
    </message>
    <message>
        <source>One per line, e.g. CUDA 12.4</source>
        <translation>Eine pro Zeile, z. B. CUDA 12.4</translation>
    </message>
    <message>
        <source>&amp;Bake now</source>
        <translation>&amp;Jetzt backen</translation>
    </message>
    <message>
        <source>Queue the bake as soon as the image is registered</source>
        <translation>Den Backvorgang in die Warteschlange stellen, sobald das Image registriert ist</translation>
    </message>
    <message>
        <source>A&amp;vailability groups:</source>
        <translation>Verfügbar&amp;keitsgruppen:</translation>
    </message>
    <message>
        <source>The image is added to the checked groups and warmed on their workers</source>
        <translation>Das Image wird den ausgewählten Gruppen hinzugefügt und auf deren Workern vorgewärmt</translation>
    </message>
</context>
<context>
    <name>RegistryDialog</name>
    <message>
        <source>New Registry</source>
        <translation>Neue Registry</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>Registry</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. harbor</source>
        <translation>z. B. harbor</translation>
    </message>
    <message>
        <source>Public &amp;URL:</source>
        <translation>Öffentliche &amp;URL:</translation>
    </message>
    <message>
        <source>https://registry.example.org</source>
        <translation>https://registry.example.org</translation>
    </message>
    <message>
        <source>Image &amp;prefix:</source>
        <translation>Image-&amp;Präfix:</translation>
    </message>
    <message>
        <source>registry.example.org/team</source>
        <translation>registry.example.org/team</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>Ta&amp;gs:</translation>
    </message>
    <message>
        <source>Registry t&amp;ype:</source>
        <translation>Registry-T&amp;yp:</translation>
    </message>
    <message>
        <source>Make it the push target of the Image &amp;Builder</source>
        <translation>Zum Push-Ziel des Image-&amp;Builders machen</translation>
    </message>
    <message>
        <source>Built images are pushed here; only one registry is the push target</source>
        <translation>Erstellte Images werden hierher gepusht; nur eine Registry ist das Push-Ziel</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Zugangsdaten</translation>
    </message>
    <message>
        <source>&amp;Credentials:</source>
        <translation>&amp;Zugangsdaten:</translation>
    </message>
    <message>
        <source>Secret na&amp;me:</source>
        <translation>Secret-Na&amp;me:</translation>
    </message>
    <message>
        <source>e.g. harbor-robot</source>
        <translation>z. B. harbor-robot</translation>
    </message>
    <message>
        <source>U&amp;sername:</source>
        <translation>Benutze&amp;rname:</translation>
    </message>
    <message>
        <source>e.g. robot$kiln</source>
        <translation>z. B. robot$kiln</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>Password or token</source>
        <translation>Passwort oder Token</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>&amp;Verbindung testen</translation>
    </message>
    <message>
        <source>Ping the registry&apos;s /v2/ API with the credentials above, before saving</source>
        <translation>Die /v2/-API der Registry mit den obigen Zugangsdaten abfragen, vor dem Speichern</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>&amp;Authentication required</source>
        <translation>Authentifizierung er&amp;forderlich</translation>
    </message>
    <message>
        <source>Pull-through &amp;mirror</source>
        <translation>Pull-thr&amp;ough-Spiegel</translation>
    </message>
    <message>
        <source>&amp;Verify TLS certificates</source>
        <translation>TLS-Zertifikate pr&amp;üfen</translation>
    </message>
    <message>
        <source>Off: --insecure (plain HTTP, or a certificate that is not checked)</source>
        <translation>Aus: --insecure (unverschlüsseltes HTTP oder ein Zertifikat, das nicht geprüft wird)</translation>
    </message>
    <message>
        <source>Custom C&amp;A file:</source>
        <translation>Eigene &amp;CA-Datei:</translation>
    </message>
    <message>
        <source>Empty: the system certificates</source>
        <translation>Leer: die Zertifikate des Systems</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Max &amp;layer size:</source>
        <translation>Max. &amp;Layer-Größe:</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Storage t&amp;ype:</source>
        <translation>Speicher&amp;typ:</translation>
    </message>
    <message>
        <source>Storage si&amp;ze:</source>
        <translation>Speichergr&amp;öße:</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Memor&amp;y:</source>
        <translation>Arbe&amp;itsspeicher:</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
</context>
<context>
    <name>RegistryImportDialog</name>
    <message>
        <source>Import Registries</source>
        <translation>Registrys importieren</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>SecretDialog</name>
    <message>
        <source>New Secret</source>
        <translation>Neues Secret</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. harbor-robot</source>
        <translation>z. B. harbor-robot</translation>
    </message>
    <message>
        <source>Lowercase letters, digits, &apos;-&apos; and &apos;.&apos;; it cannot be changed later.</source>
        <translation>Kleinbuchstaben, Ziffern, „-“ und „.“; kann später nicht geändert werden.</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>Ar&amp;t:</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>e.g. robot$ml</source>
        <translation>z. B. robot$ml</translation>
    </message>
    <message>
        <source>&amp;Password or token:</source>
        <translation>&amp;Passwort oder Token:</translation>
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
    <message>
        <source>Allow platform-scope bake images (super-admin)</source>
        <translation>Bake-Images mit dem Geltungsbereich Plattform erlauben (Super-Admin)</translation>
    </message>
    <message>
        <source>Folder of the baked ext4 files (empty: beside the catalogue)</source>
        <translation>Ordner der gebackenen ext4-Dateien (leer: neben dem Katalog)</translation>
    </message>
    <message>
        <source>Folder of the cached image layers (empty: beside the catalogue)</source>
        <translation>Ordner der zwischengespeicherten Image-Layer (leer: neben dem Katalog)</translation>
    </message>
    <message>
        <source>Minutes before a vulnerability scan fails with a timeout</source>
        <translation>Minuten, bis ein Schwachstellenscan wegen Zeitüberschreitung fehlschlägt</translation>
    </message>
    <message>
        <source>Seconds between background checks of the workers</source>
        <translation>Sekunden zwischen zwei Hintergrundprüfungen der Worker</translation>
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
    <message>
        <source>Baking</source>
        <translation>Backen</translation>
    </message>
    <message>
        <source>Content f&amp;older:</source>
        <translation>&amp;Inhaltsordner:</translation>
    </message>
    <message>
        <source>beside the catalogue</source>
        <translation>neben dem Katalog</translation>
    </message>
    <message>
        <source>Where baked ext4 files are kept (an absolute path)</source>
        <translation>Wo gebackene ext4-Dateien liegen (ein absoluter Pfad)</translation>
    </message>
    <message>
        <source>&amp;Layer cache folder:</source>
        <translation>Layer-&amp;Cache-Ordner:</translation>
    </message>
    <message>
        <source>Where pulled image layers are cached by digest (an absolute path)</source>
        <translation>Wo gepullte Image-Layer nach Digest zwischengespeichert werden (ein absoluter Pfad)</translation>
    </message>
    <message>
        <source>&amp;Scan timeout:</source>
        <translation>Scan-Zeitli&amp;mit:</translation>
    </message>
    <message>
        <source>Allow &amp;platform-scope bake images (super-admin)</source>
        <translation>Bake-Images mit Pla&amp;ttform-Geltungsbereich erlauben (Super-Admin)</translation>
    </message>
    <message>
        <source>Check &amp;workers every:</source>
        <translation>Wor&amp;ker prüfen alle:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
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
        <source>registry-credential or pull-secret (add).</source>
        <translation>registry-credential oder pull-secret (add).</translation>
    </message>
    <message>
        <source>The username (add, rotate).</source>
        <translation>Der Benutzername (add, rotate).</translation>
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
    <message>
        <source>Add, change, show, list, freeze and delete managed images</source>
        <translation>Verwaltete Images hinzufügen, ändern, anzeigen, auflisten, einfrieren und löschen</translation>
    </message>
    <message>
        <source>Manage groups, grant images to them, list what a group may use</source>
        <translation>Gruppen verwalten, Images für sie freigeben, auflisten, was eine Gruppe verwenden darf</translation>
    </message>
    <message>
        <source>Add, change, show, list and delete the groups images are granted to, grant and revoke
images, and list the images a group may use (the global ones and those granted to it).</source>
        <translation>Die Gruppen hinzufügen, ändern, anzeigen, auflisten und löschen, für die Images freigegeben werden, Images freigeben
und Freigaben widerrufen und die Images auflisten, die eine Gruppe verwenden darf (die globalen und die für sie freigegebenen).</translation>
    </message>
    <message>
        <source>The display name (add, edit).</source>
        <translation>Der Anzeigename (add, edit).</translation>
    </message>
    <message>
        <source>A description (add, edit).</source>
        <translation>Eine Beschreibung (add, edit).</translation>
    </message>
    <message>
        <source>The member count as the platform reports it (add, edit).</source>
        <translation>Die Mitgliederzahl, wie die Plattform sie meldet (add, edit).</translation>
    </message>
    <message>
        <source>cpu, gpu or universal (add, edit; list: only that type).</source>
        <translation>cpu, gpu oder universal (add, edit; list: nur dieser Typ).</translation>
    </message>
    <message>
        <source>The container image reference (add, edit).</source>
        <translation>Die Referenz des Container-Images (add, edit).</translation>
    </message>
    <message>
        <source>A GPU-specific reference, universal images only (add, edit).</source>
        <translation>Eine GPU-spezifische Referenz, nur für universelle Images (add, edit).</translation>
    </message>
    <message>
        <source>Use the same URL on GPUs again (edit).</source>
        <translation>Auf GPUs wieder dieselbe URL verwenden (edit).</translation>
    </message>
    <message>
        <source>Build the image from a spec of the same name and queue its build (add).</source>
        <translation>Das Image aus einer gleichnamigen Spezifikation erstellen und seinen Build in die Warteschlange stellen (add).</translation>
    </message>
    <message>
        <source>The base image of the build (add --build; edit: a new revision, built).</source>
        <translation>Das Basis-Image des Builds (add --build; edit: eine neue Revision, die erstellt wird).</translation>
    </message>
    <message>
        <source>An APT package; repeat for more (add --build; edit: a new revision, built).</source>
        <translation>Ein APT-Paket; für weitere wiederholen (add --build; edit: eine neue Revision, die erstellt wird).</translation>
    </message>
    <message>
        <source>A Conda MatchSpec; repeat for more (add --build; edit: a new revision, built).</source>
        <translation>Eine Conda-MatchSpec; für weitere wiederholen (add --build; edit: eine neue Revision, die erstellt wird).</translation>
    </message>
    <message>
        <source>A Pip requirement; repeat for more (add --build; edit: a new revision, built).</source>
        <translation>Eine Pip-Anforderung; für weitere wiederholen (add --build; edit: eine neue Revision, die erstellt wird).</translation>
    </message>
    <message>
        <source>Read KIND (apt, conda or pip) packages from PATH, &apos;-&apos; for standard input.</source>
        <translation>Pakete der Art KIND (apt, conda oder pip) aus PATH lesen, „-“ für die Standardeingabe.</translation>
    </message>
    <message>
        <source>The new display name; the name does not change (edit).</source>
        <translation>Der neue Anzeigename; der Name ändert sich nicht (edit).</translation>
    </message>
    <message>
        <source>The pull secret, by name or id; empty: none (add, edit).</source>
        <translation>Das Pull-Secret, per Name oder ID; leer: keins (add, edit).</translation>
    </message>
    <message>
        <source>Every group may use it (add, edit).</source>
        <translation>Jede Gruppe darf es verwenden (add, edit).</translation>
    </message>
    <message>
        <source>Only the granted groups may use it (edit).</source>
        <translation>Nur die Gruppen, für die es freigegeben ist, dürfen es verwenden (edit).</translation>
    </message>
    <message>
        <source>Grant it to group G; repeat for more (add, edit).</source>
        <translation>Für die Gruppe G freigeben; für weitere wiederholen (add, edit).</translation>
    </message>
    <message>
        <source>Revoke every group&apos;s grant first (edit).</source>
        <translation>Zuerst alle Gruppenfreigaben widerrufen (edit).</translation>
    </message>
    <message>
        <source>The image it was derived from, by name or id; empty: none (add, edit).</source>
        <translation>Das Image, von dem es abgeleitet ist, per Name oder ID; leer: keins (add, edit).</translation>
    </message>
    <message>
        <source>The distribution, free text (add, edit).</source>
        <translation>Die Distribution als Freitext (add, edit).</translation>
    </message>
    <message>
        <source>Mark it as a system image (add, edit).</source>
        <translation>Als System-Image kennzeichnen (add, edit).</translation>
    </message>
    <message>
        <source>Not a system image (edit).</source>
        <translation>Kein System-Image (edit).</translation>
    </message>
    <message>
        <source>Nothing new may start from it (edit).</source>
        <translation>Von ihm darf nichts Neues mehr gestartet werden (edit).</translation>
    </message>
    <message>
        <source>Active again (edit).</source>
        <translation>Wieder aktiv (edit).</translation>
    </message>
    <message>
        <source>Only images whose name or display name contains TEXT (list).</source>
        <translation>Nur Images, deren Name oder Anzeigename TEXT enthält (list).</translation>
    </message>
    <message>
        <source>Leave out deactivated images (list).</source>
        <translation>Deaktivierte Images auslassen (list).</translation>
    </message>
    <message>
        <source>Add, change, show, list, delete, check, export and import the container registries Kiln pushes to
and pulls from. check pings each registry&apos;s OCI API (/v2/, logging in with its credentials) and
stores the result; export and import use the container-registry schema&apos;s JSON field names.
Exactly one registry at a time can be the push target, where built images go.
Credentials are secrets (&apos;kilnctl secret add NAME --kind registry-credential ...&apos;).</source>
        <translation>Die Container-Registrys hinzufügen, ändern, anzeigen, auflisten, löschen, prüfen, exportieren und importieren,
in die Kiln pusht und aus denen Kiln pullt. check fragt die OCI-API jeder Registry ab (/v2/, angemeldet mit ihren
Zugangsdaten) und speichert das Ergebnis; export und import verwenden die JSON-Feldnamen des Container-Registry-Schemas.
Genau eine Registry kann jeweils das Push-Ziel sein, in das erstellte Images gelangen.
Zugangsdaten sind Secrets („kilnctl secret add NAME --kind registry-credential ...“).</translation>
    </message>
    <message>
        <source>Only registries whose name, URL, prefix, a tag or metadata contains TEXT (list).</source>
        <translation>Nur Registrys, deren Name, URL, Präfix, ein Tag oder Metadaten TEXT enthalten (list).</translation>
    </message>
    <message>
        <source>Only registries with at least one of these tags; repeat (list).</source>
        <translation>Nur Registrys mit mindestens einem dieser Tags; wiederholbar (list).</translation>
    </message>
    <message>
        <source>Only registries with every one of these tags; repeat (list).</source>
        <translation>Nur Registrys mit allen diesen Tags; wiederholbar (list).</translation>
    </message>
    <message>
        <source>Only registries whose FIELD equals VALUE, e.g. storage_type=s3, tls_verify=false, health=healthy, metadata.team=ml; repeat (list).</source>
        <translation>Nur Registrys, deren Feld FIELD gleich VALUE ist, z. B. storage_type=s3, tls_verify=false, health=healthy, metadata.team=ml; wiederholbar (list).</translation>
    </message>
    <message>
        <source>What to do with an entry whose id or name exists: fail (default), skip, replace (import).</source>
        <translation>Was mit einem Eintrag geschieht, dessen ID oder Name existiert: fail (Standard), skip, replace (import).</translation>
    </message>
    <message>
        <source>Add, rotate, list and delete the secrets Kiln logs in to registries with.
The catalogue holds only a secret&apos;s name, kind and username; the value goes to the OS keychain
or, when no keychain service runs, to an AES-256-GCM encrypted file (a warning says so).
The password or token is only ever read from standard input: no option takes it, so it never
appears in the command line (argv), the shell history or the process list.
list shows what uses each secret (registries, specs, images, workers); delete refuses a secret
in use unless --force is given.
Environment: KILN_SECRET_BACKEND=auto|keychain|file chooses where values go;
KILN_SECRET_DIR=DIR keeps the encrypted file (secrets.enc) and its key (secret.key) in DIR.</source>
        <translation>Die Secrets hinzufügen, rotieren, auflisten und löschen, mit denen sich Kiln bei Registrys anmeldet.
Der Katalog enthält nur Name, Art und Benutzername eines Secrets; der Wert kommt in den Schlüsselbund des Betriebssystems
oder, wenn kein Schlüsselbunddienst läuft, in eine mit AES-256-GCM verschlüsselte Datei (eine Warnung weist darauf hin).
Das Passwort oder Token wird nur von der Standardeingabe gelesen: Keine Option nimmt es an, daher erscheint es nie
in der Befehlszeile (argv), im Shell-Verlauf oder in der Prozessliste.
list zeigt, was jedes Secret verwendet (Registrys, Spezifikationen, Images, Worker); delete verweigert das Löschen eines
verwendeten Secrets, außer mit --force.
Umgebung: KILN_SECRET_BACKEND=auto|keychain|file legt fest, wohin die Werte kommen;
KILN_SECRET_DIR=DIR legt die verschlüsselte Datei (secrets.enc) und ihren Schlüssel (secret.key) in DIR ab.</translation>
    </message>
    <message>
        <source>Read the password or token from standard input (add, rotate); it is never accepted as an argument.</source>
        <translation>Das Passwort oder Token von der Standardeingabe lesen (add, rotate); es wird nie als Argument angenommen.</translation>
    </message>
    <message>
        <source>Delete a secret even while registries, specs, images or workers use it (delete).</source>
        <translation>Ein Secret auch dann löschen, wenn Registrys, Spezifikationen, Images oder Worker es verwenden (delete).</translation>
    </message>
    <message>
        <source>The bake image&apos;s name or id.</source>
        <translation>Der Name oder die ID des Bake-Images.</translation>
    </message>
    <message>
        <source>Bake a bake image into an ext4 file: pull (or read the tar), unpack, check the size
cap, write the ext4, check it with e2fsck and scan it. Content is never re-baked in
place: register a new name for a new version.
Exit codes: 0 baked (or queued), 1 refused, failed or cancelled, 2 usage.</source>
        <translation>Ein Bake-Image in eine ext4-Datei backen: pullen (oder das Tar lesen), entpacken, das Größenlimit
prüfen, die ext4-Datei schreiben, mit e2fsck prüfen und scannen. Inhalt wird nie an Ort und Stelle
neu gebacken: Registrieren Sie für eine neue Version einen neuen Namen.
Exit-Codes: 0 gebacken (oder in die Warteschlange gestellt), 1 abgelehnt, fehlgeschlagen oder abgebrochen, 2 falscher Aufruf.</translation>
    </message>
    <message>
        <source>Bake in this process, print the phases on stderr; Ctrl+C cancels.</source>
        <translation>In diesem Prozess backen und die Phasen auf stderr ausgeben; Strg+C bricht ab.</translation>
    </message>
    <message>
        <source>Scan a bake image&apos;s content for vulnerabilities again (trivy or grype, when
installed). Exit codes: 0 queued, passed or skipped, 1 refused or failed, 2 usage.</source>
        <translation>Den Inhalt eines Bake-Images erneut auf Schwachstellen scannen (mit trivy oder grype, falls
installiert). Exit-Codes: 0 in die Warteschlange gestellt, bestanden oder übersprungen, 1 abgelehnt oder fehlgeschlagen, 2 falscher Aufruf.</translation>
    </message>
    <message>
        <source>Scan in this process and print the findings.</source>
        <translation>In diesem Prozess scannen und die Befunde ausgeben.</translation>
    </message>
    <message>
        <source>Register, list, show, deactivate and reactivate bake images: root file systems from a registry
or a tar, baked into ext4 files (&apos;kilnctl bake&apos;, &apos;kilnctl content&apos;). A bake image is addressed by
its name or id. Its name never changes and its content is never re-baked in place: bake images
are versioned by name. Exit codes: 0 done, 1 refused, 2 usage or an invalid registration.</source>
        <translation>Bake-Images registrieren, auflisten, anzeigen, deaktivieren und reaktivieren: Root-Dateisysteme aus einer Registry
oder einem Tar, in ext4-Dateien gebacken („kilnctl bake“, „kilnctl content“). Ein Bake-Image wird über
seinen Namen oder seine ID angesprochen. Sein Name ändert sich nie und sein Inhalt wird nie an Ort und Stelle neu gebacken:
Bake-Images werden über den Namen versioniert. Exit-Codes: 0 erledigt, 1 abgelehnt, 2 falscher Aufruf oder ungültige Registrierung.</translation>
    </message>
    <message>
        <source>Run the bake service in the foreground: build the queued jobs and bake the queued images of the catalogue.</source>
        <translation>Den Bake-Dienst im Vordergrund ausführen: die wartenden Aufträge des Katalogs erstellen und die wartenden Images backen.</translation>
    </message>
    <message>
        <source>Bake a bake image into an ext4 file (--wait to watch it)</source>
        <translation>Ein Bake-Image in eine ext4-Datei backen (mit --wait verfolgen)</translation>
    </message>
    <message>
        <source>Scan a bake image&apos;s content for vulnerabilities again</source>
        <translation>Den Inhalt eines Bake-Images erneut auf Schwachstellen scannen</translation>
    </message>
    <message>
        <source>Download, upload, remove and inspect a bake image&apos;s ext4 file</source>
        <translation>Die ext4-Datei eines Bake-Images herunterladen, hochladen, entfernen und untersuchen</translation>
    </message>
    <message>
        <source>Download, upload, remove and inspect the content (the ext4 file) of a bake image.
get resumes a FILE.partial left by an interrupted get; put takes an ext4 image or a tar
(docker save, OCI layout, root file system), which is baked here.
Exit codes: 0 done, 1 refused or failed (stat: the file and the catalogue disagree), 2 usage.</source>
        <translation>Den Inhalt (die ext4-Datei) eines Bake-Images herunterladen, hochladen, entfernen und untersuchen.
get setzt eine von einem unterbrochenen get hinterlassene FILE.partial fort; put nimmt ein ext4-Image oder ein Tar
(docker save, OCI-Layout, Root-Dateisystem) an, das hier gebacken wird.
Exit-Codes: 0 erledigt, 1 abgelehnt oder fehlgeschlagen (stat: Datei und Katalog stimmen nicht überein), 2 falscher Aufruf.</translation>
    </message>
    <message>
        <source>The SHA-256 the file must have (put).</source>
        <translation>Der SHA-256-Hash, den die Datei haben muss (put).</translation>
    </message>
    <message>
        <source>Add, change, show, list, freeze and delete the managed images users may run.
An image is addressed by its name (derived from the display name) or its id. It is either an
existing image (--url) or built from a spec of the same name (--build), whose successful
builds fill in its URL. A frozen image refuses every change until it is unfrozen.
Bake images (ext4): register, list --baked, show, deactivate, reactivate (see &apos;image register --help&apos;).</source>
        <translation>Die verwalteten Images, die Benutzer ausführen dürfen, hinzufügen, ändern, anzeigen, auflisten, einfrieren und löschen.
Ein Image wird über seinen Namen (aus dem Anzeigenamen abgeleitet) oder seine ID angesprochen. Es ist entweder ein
vorhandenes Image (--url) oder wird aus einer gleichnamigen Spezifikation erstellt (--build), deren erfolgreiche
Builds seine URL eintragen. Ein eingefrorenes Image lehnt jede Änderung ab, bis das Einfrieren aufgehoben wird.
Bake-Images (ext4): register, list --baked, show, deactivate, reactivate (siehe „image register --help“).</translation>
    </message>
    <message>
        <source>Where the root file system comes from: oci:REFERENCE (a registry) or tar:/PATH (a docker save, OCI layout or root file system tar) (register).</source>
        <translation>Woher das Root-Dateisystem kommt: oci:REFERENCE (eine Registry) oder tar:/PATH (ein docker save, ein OCI-Layout oder ein Tar eines Root-Dateisystems) (register).</translation>
    </message>
    <message>
        <source>The ext4 file&apos;s size cap in MiB (register).</source>
        <translation>Das Größenlimit der ext4-Datei in MiB (register).</translation>
    </message>
    <message>
        <source>The display name; default: the name (register).</source>
        <translation>Der Anzeigename; Standard: der Name (register).</translation>
    </message>
    <message>
        <source>A description (register).</source>
        <translation>Eine Beschreibung (register).</translation>
    </message>
    <message>
        <source>Default CPU of what runs it, in millicores (register).</source>
        <translation>Standard-CPU für das, was darauf läuft, in Millicores (register).</translation>
    </message>
    <message>
        <source>Default memory in MB (register).</source>
        <translation>Standard-Arbeitsspeicher in MB (register).</translation>
    </message>
    <message>
        <source>Default disk in MB (register).</source>
        <translation>Standard-Festplatte in MB (register).</translation>
    </message>
    <message>
        <source>tenant (default), partner or platform (needs bake.superAdmin) (register).</source>
        <translation>tenant (Standard), partner oder platform (erfordert bake.superAdmin) (register).</translation>
    </message>
    <message>
        <source>Pull lazily where it runs (register).</source>
        <translation>Dort, wo es läuft, verzögert pullen (register).</translation>
    </message>
    <message>
        <source>Software the image carries; repeat for more (register).</source>
        <translation>Software, die das Image enthält; für weitere wiederholen (register).</translation>
    </message>
    <message>
        <source>The pull secret of an oci: source, by name or id (register).</source>
        <translation>Das Pull-Secret einer oci:-Quelle, per Name oder ID (register).</translation>
    </message>
    <message>
        <source>Queue its bake right away (register).</source>
        <translation>Seinen Backvorgang sofort in die Warteschlange stellen (register).</translation>
    </message>
    <message>
        <source>Bake images rather than managed images (list, show).</source>
        <translation>Bake-Images statt verwalteter Images (list, show).</translation>
    </message>
    <message>
        <source>Only images whose name or display name contains TEXT (list --baked).</source>
        <translation>Nur Images, deren Name oder Anzeigename TEXT enthält (list --baked).</translation>
    </message>
    <message>
        <source>Leave out deactivated images (list --baked).</source>
        <translation>Deaktivierte Images auslassen (list --baked).</translation>
    </message>
    <message>
        <source>Add, list, check and remove remote kiln-worker daemons</source>
        <translation>kiln-worker-Daemons auf anderen Rechnern hinzufügen, auflisten, prüfen und entfernen</translation>
    </message>
    <message>
        <source>Manage availability groups: which workers hold which bake images</source>
        <translation>Verfügbarkeitsgruppen verwalten: welche Worker welche Bake-Images bereithalten</translation>
    </message>
    <message>
        <source>Warm a bake image on its groups&apos; workers (--wait to follow)</source>
        <translation>Ein Bake-Image auf den Workern seiner Gruppen vorwärmen (mit --wait verfolgen)</translation>
    </message>
    <message>
        <source>Show a bake image&apos;s status on each worker that targets it</source>
        <translation>Den Status eines Bake-Images auf jedem Worker anzeigen, der es bereithalten soll</translation>
    </message>
    <message>
        <source>Warm a bake image on the workers of its availability groups and print what they answered:
queued, ready, failed and skipped.</source>
        <translation>Ein Bake-Image auf den Workern seiner Verfügbarkeitsgruppen vorwärmen und ausgeben, was sie geantwortet haben:
in der Warteschlange, bereit, fehlgeschlagen und übersprungen.</translation>
    </message>
    <message>
        <source>Ask only the workers where it failed or was evicted, or that were never asked.</source>
        <translation>Nur die Worker fragen, bei denen es fehlgeschlagen ist oder aus dem Cache entfernt wurde oder die noch nie gefragt wurden.</translation>
    </message>
    <message>
        <source>Follow until no worker is pending or building.</source>
        <translation>Verfolgen, bis bei keinem Worker mehr etwas aussteht oder erstellt wird.</translation>
    </message>
    <message>
        <source>How long --wait waits (default 3600).</source>
        <translation>Wie lange --wait wartet (Standard: 3600).</translation>
    </message>
    <message>
        <source>Show where a bake image stands on each worker that targets it: status, updated time,
content checksum and the worker&apos;s error text.</source>
        <translation>Anzeigen, wie es um ein Bake-Image auf jedem Worker steht, der es bereithalten soll: Status, Aktualisierungszeit,
Prüfsumme des Inhalts und Fehlertext des Workers.</translation>
    </message>
    <message>
        <source>Add, list, check and remove the kiln-worker daemons that hold baked images.</source>
        <translation>Die kiln-worker-Daemons hinzufügen, auflisten, prüfen und entfernen, die gebackene Images bereithalten.</translation>
    </message>
    <message>
        <source>The worker&apos;s address, https://HOST:PORT (add).</source>
        <translation>Die Adresse des Workers, https://HOST:PORT (add).</translation>
    </message>
    <message>
        <source>Read the worker&apos;s token from standard input (add).</source>
        <translation>Das Token des Workers von der Standardeingabe lesen (add).</translation>
    </message>
    <message>
        <source>A PEM file of CAs to trust for this worker besides the system&apos;s (add).</source>
        <translation>Eine PEM-Datei mit CAs, denen für diesen Worker zusätzlich zu denen des Systems vertraut wird (add).</translation>
    </message>
    <message>
        <source>Add it disabled: neither polled nor warmed.</source>
        <translation>Deaktiviert hinzufügen: wird weder abgefragt noch vorgewärmt.</translation>
    </message>
    <message>
        <source>Manage availability groups: the workers that hold the same baked images. Adding an
image warms it on the group&apos;s workers; adding a worker warms the group&apos;s images on it.</source>
        <translation>Verfügbarkeitsgruppen verwalten: die Worker, die dieselben gebackenen Images bereithalten. Ein hinzugefügtes
Image wird auf den Workern der Gruppe vorgewärmt; auf einem hinzugefügten Worker werden die Images der Gruppe vorgewärmt.</translation>
    </message>
    <message>
        <source>A description (create).</source>
        <translation>Eine Beschreibung (create).</translation>
    </message>
    <message>
        <source>Do not warm what was added (add-image, add-worker).</source>
        <translation>Das Hinzugefügte nicht vorwärmen (add-image, add-worker).</translation>
    </message>
    <message>
        <source>Run the build on the kiln-worker WORKER (name or id) and follow it until it finishes (the log is printed with --wait).</source>
        <translation>Den Build auf dem kiln-worker WORKER (Name oder ID) ausführen und ihm bis zum Ende folgen (das Protokoll wird mit --wait ausgegeben).</translation>
    </message>
</context>
</TS>
