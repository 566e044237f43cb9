#include "bakeimagedetailpane.h"

#include "bakeimages/scanfindingsview.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

constexpr int kBarSteps = 1000;

QString bytes(qint64 count)
{
    return QLocale().formattedDataSize(count, 1, QLocale::DataSizeIecFormat);
}

QString optionalNumber(const std::optional<qint64> &value, const QString &unit)
{
    return value ? BakeImageDetailPane::tr("%1 %2").arg(QLocale().toString(*value), unit)
                 : BakeImageDetailPane::tr("not set");
}

QString timeText(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat) : QString();
}

// Bytes done of total on a bar: a busy bar when the total is not known.
void showBytes(QProgressBar *bar, qint64 done, qint64 total)
{
    if (total <= 0) {
        bar->setRange(0, 0);
        bar->setFormat(bytes(done));
        return;
    }
    bar->setRange(0, kBarSteps);
    bar->setValue(int(std::clamp<qint64>(done * kBarSteps / total, 0, kBarSteps)));
    bar->setFormat(BakeImageDetailPane::tr("%1 of %2 (%p%)").arg(bytes(done), bytes(total)));
}

QLabel *sectionText(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

BakeImageDetailPane::BakeImageDetailPane(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);

    auto *titleRow = new QHBoxLayout;
    m_title = new QLabel;
    m_title->setObjectName(u"detailTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    titleRow->addWidget(m_title);
    m_badge = new QLabel(tr("deactivated"));
    m_badge->setObjectName(u"deactivatedBadge"_s);
    m_badge->setStyleSheet(u"QLabel { color: white; background: #757575; border-radius: 7px; "
                           "padding: 1px 7px; font-size: small; }"_s);
    m_badge->hide();
    titleRow->addWidget(m_badge);
    titleRow->addStretch(1);
    outer->addLayout(titleRow);
    m_subtitle = sectionText(u"detailSubtitle"_s);
    outer->addWidget(m_subtitle);

    m_empty = new QLabel(tr("Select a bake image to see its details."));
    m_empty->setObjectName(u"detailEmpty"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    outer->addWidget(m_empty, 1);

    m_body = new QWidget;
    auto *body = new QVBoxLayout(m_body);
    body->setContentsMargins(0, 0, 0, 0);

    // The bake: state, error, phase and bytes, Cancel Bake.
    auto *bakeBox = new QGroupBox(tr("Bake"));
    bakeBox->setObjectName(u"bakeBox"_s);
    auto *bakeLayout = new QVBoxLayout(bakeBox);
    m_state = sectionText(u"bakeState"_s);
    QFont stateFont = m_state->font();
    stateFont.setBold(true);
    m_state->setFont(stateFont);
    bakeLayout->addWidget(m_state);
    m_error = sectionText(u"bakeError"_s);
    QPalette red = m_error->palette();
    red.setColor(QPalette::WindowText, QColor(0xd3, 0x2f, 0x2f));
    m_error->setPalette(red);
    m_error->hide();
    bakeLayout->addWidget(m_error);
    m_progressRow = new QWidget;
    auto *progressLayout = new QVBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    m_phase = sectionText(u"bakePhase"_s);
    progressLayout->addWidget(m_phase);
    auto *barRow = new QHBoxLayout;
    m_progress = new QProgressBar;
    m_progress->setObjectName(u"bakeProgress"_s);
    m_progress->setTextVisible(true);
    barRow->addWidget(m_progress, 1);
    m_cancelBake = new QPushButton(tr("Cancel Bake"));
    m_cancelBake->setObjectName(u"cancelBakeButton"_s);
    connect(m_cancelBake, &QPushButton::clicked, this, &BakeImageDetailPane::cancelBakeRequested);
    barRow->addWidget(m_cancelBake);
    progressLayout->addLayout(barRow);
    m_progressRow->hide();
    bakeLayout->addWidget(m_progressRow);
    m_transferRow = new QWidget;
    auto *transferLayout = new QVBoxLayout(m_transferRow);
    transferLayout->setContentsMargins(0, 0, 0, 0);
    m_transferText = sectionText(u"transferText"_s);
    transferLayout->addWidget(m_transferText);
    auto *transferBarRow = new QHBoxLayout;
    m_transferBar = new QProgressBar;
    m_transferBar->setObjectName(u"transferProgress"_s);
    transferBarRow->addWidget(m_transferBar, 1);
    auto *cancelTransfer = new QPushButton(tr("Cancel"));
    cancelTransfer->setObjectName(u"cancelTransferButton"_s);
    connect(cancelTransfer, &QPushButton::clicked, this, &BakeImageDetailPane::cancelTransferRequested);
    transferBarRow->addWidget(cancelTransfer);
    transferLayout->addLayout(transferBarRow);
    m_transferRow->hide();
    bakeLayout->addWidget(m_transferRow);
    body->addWidget(bakeBox);

    auto *registrationBox = new QGroupBox(tr("Registration"));
    registrationBox->setObjectName(u"registrationBox"_s);
    m_registrationForm = new QFormLayout(registrationBox);
    body->addWidget(registrationBox);

    m_contentBox = new QGroupBox(tr("Content"));
    m_contentBox->setObjectName(u"contentBox"_s);
    m_contentForm = new QFormLayout(m_contentBox);
    body->addWidget(m_contentBox);

    auto *scanBox = new QGroupBox(tr("Vulnerability scan"));
    scanBox->setObjectName(u"scanBox"_s);
    auto *scanLayout = new QVBoxLayout(scanBox);
    m_findings = new ScanFindingsView;
    m_findings->setObjectName(u"scanFindings"_s);
    scanLayout->addWidget(m_findings);
    scanBox->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum); // the stretch below takes the rest
    body->addWidget(scanBox);
    body->addStretch(1);

    auto *scroll = new QScrollArea;
    scroll->setObjectName(u"detailScroll"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(m_body);
    m_scroll = scroll;
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(u"detailTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(scroll, tr("Details"));
    outer->addWidget(m_tabs, 1);
    m_tabs->hide();

    setImage(std::nullopt, {}, {});
}

namespace {

// A row whose widgets are shown at once (a layout shows added widgets only a
// moment later), so that the body's height can be measured right away.
void addRow(QFormLayout *form, const QString &label, QWidget *field)
{
    auto *name = new QLabel(label);
    form->addRow(name, field);
    if (form->parentWidget() && form->parentWidget()->isVisible()) {
        name->show();
        field->show();
    }
}

} // namespace

void BakeImageDetailPane::fillForm(QFormLayout *form, const QList<FormRow> &rows)
{
    while (form->rowCount() > 0)
        form->removeRow(0);
    for (const FormRow &row : rows) {
        if (row.style == FieldStyle::Token) {
            // A hash or a path: one line that scrolls instead of widening the pane,
            // selectable and copied whole.
            auto *line = new QLineEdit(row.value);
            line->setReadOnly(true);
            line->setFrame(false);
            line->setCursorPosition(0);
            line->setToolTip(row.value);
            QPalette flat = line->palette();
            flat.setColor(QPalette::Base, Qt::transparent);
            line->setPalette(flat);
            addRow(form, row.label, line);
            continue;
        }
        auto *text = new QLabel(row.value);
        text->setTextFormat(Qt::PlainText);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        text->setWordWrap(row.style == FieldStyle::Wrapped);
        addRow(form, row.label, text);
    }
}

QWidget *BakeImageDetailPane::fieldWidget(const QString &label) const
{
    for (QFormLayout *form : {m_registrationForm, m_contentForm}) {
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem *name = form->itemAt(row, QFormLayout::LabelRole);
            QLayoutItem *value = form->itemAt(row, QFormLayout::FieldRole);
            auto *text = qobject_cast<QLabel *>(name ? name->widget() : nullptr);
            if (text && text->text() == label)
                return value ? value->widget() : nullptr;
        }
    }
    return nullptr;
}

QString BakeImageDetailPane::fieldText(const QString &label) const
{
    QWidget *value = fieldWidget(label);
    if (auto *text = qobject_cast<QLabel *>(value))
        return text->text();
    if (auto *line = qobject_cast<QLineEdit *>(value))
        return line->text();
    return {};
}

QString BakeImageDetailPane::pullSecretValue(const QString &pullSecret)
{
    return pullSecret.isEmpty() ? tr("none") : pullSecret;
}

void BakeImageDetailPane::setPullSecret(const QString &pullSecret)
{
    if (auto *text = qobject_cast<QLabel *>(fieldWidget(tr("Pull secret:"))))
        text->setText(pullSecretValue(pullSecret));
}

void BakeImageDetailPane::setImage(const std::optional<BakeImage> &image, const BakeProgress &progress,
                                   const QString &pullSecret)
{
    m_empty->setVisible(!image);
    m_tabs->setVisible(image.has_value());
    if (!image) {
        m_title->clear();
        m_subtitle->clear();
        m_badge->hide();
        clearTransfer();
        return;
    }
    const BakeImage &shown = *image;
    m_shownState = shown.state;
    m_title->setText(shown.displayName.isEmpty() || shown.displayName == shown.name
                         ? shown.name
                         : tr("%1 (%2)").arg(shown.displayName, shown.name));
    m_badge->setVisible(shown.deactivated);
    m_badge->setToolTip(tr("Deactivated: nothing new starts from it. Reactivate it to use it again."));
    m_subtitle->setText(shown.description);
    m_subtitle->setVisible(!shown.description.isEmpty());

    m_state->setText(BakeImageListModel::stateText(shown));
    m_error->setText(shown.error);
    m_error->setVisible(!shown.error.isEmpty());
    setProgress(progress);

    QString source = BakeImageListModel::sourceText(shown.source);
    fillForm(
        m_registrationForm,
        {
            {tr("Display name:"), shown.displayName.isEmpty() ? shown.name : shown.displayName},
            {tr("Description:"), shown.description.isEmpty() ? tr("none") : shown.description},
            {tr("Source:"), source, FieldStyle::Token},
            {tr("Pull secret:"), pullSecretValue(pullSecret)},
            {tr("Size cap:"), BakeImageListModel::mibText(shown.sizeMib)},
            {tr("CPU:"), optionalNumber(shown.defaultCpuMillicores, tr("millicores"))},
            {tr("Memory:"), optionalNumber(shown.defaultMemoryMb, tr("MB"))},
            {tr("Disk:"), optionalNumber(shown.defaultDiskMb, tr("MB"))},
            {tr("Scope:"), bakeScopeName(shown.scope)},
            {tr("Lazy pull:"), shown.lazyPull ? tr("yes") : tr("no")},
            {tr("Preinstalled:"), shown.preinstalled.isEmpty() ? tr("none") : shown.preinstalled.join(u'\n')},
            {tr("Registered:"), timeText(shown.createdAt)},
            {tr("Updated:"), timeText(shown.updatedAt)},
        });

    if (shown.content) {
        const BakeContent &content = *shown.content;
        fillForm(
            m_contentForm,
            {
                {tr("Size:"), tr("%1 (%2 bytes)").arg(bytes(content.size), QLocale().toString(content.size))},
                {tr("Modified:"), timeText(content.mtime)},
                {tr("sha256:"), content.sha256, FieldStyle::Token},
                {tr("sha1:"), content.sha1, FieldStyle::Token},
                {tr("Format:"), content.fmt},
                {tr("References:"), QLocale().toString(content.refcnt)},
                {tr("Path:"), content.path, FieldStyle::Token},
            });
    } else {
        fillForm(m_contentForm, {{tr("Content:"), tr("none yet: bake the image or upload an ext4 file")}});
    }
    m_findings->setScan(shown.scanStatus, shown.scanReason, shown.scanFindingsJson, shown.scannedAt);
    fitBody();
}

void BakeImageDetailPane::fitBody()
{
    // Wrapped labels make the height depend on the width, which the scroll area
    // does not ask for: the body gets the height it needs at the viewport's width,
    // so that a tall one scrolls instead of squeezing its rows.
    // Every layout inside first: a row just hidden or shown has not told them yet.
    const QList<QLayout *> inner = m_body->findChildren<QLayout *>();
    for (QLayout *child : inner)
        child->invalidate();
    QLayout *layout = m_body->layout();
    layout->invalidate();
    const int width = m_scroll->viewport()->width();
    m_body->setMinimumHeight(layout->hasHeightForWidth() ? layout->totalHeightForWidth(width)
                                                         : layout->totalMinimumSize().height());
}

void BakeImageDetailPane::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitBody();
}

void BakeImageDetailPane::setWorkersView(QWidget *view)
{
    if (m_tabs->count() > 1)
        delete m_tabs->widget(1);
    view->setObjectName(view->objectName().isEmpty() ? u"workersView"_s : view->objectName());
    m_tabs->addTab(view, tr("Workers"));
}

void BakeImageDetailPane::showWorkersTab()
{
    if (m_tabs->count() > 1)
        m_tabs->setCurrentIndex(1);
}

void BakeImageDetailPane::setProgress(const BakeProgress &progress)
{
    const bool running = m_shownState == BakeState::Baking || m_shownState == BakeState::Queued;
    m_progressRow->setVisible(running);
    if (!running)
        return;
    if (m_shownState == BakeState::Queued) {
        m_phase->setText(tr("Waiting for a bake slot\u2026"));
        m_progress->setRange(0, 0);
        m_progress->setFormat(QString());
        return;
    }
    if (progress.index <= 0) {
        m_phase->setText(tr("Starting\u2026"));
        m_progress->setRange(0, 0);
        m_progress->setFormat(QString());
        return;
    }
    m_phase->setText(tr("Phase %1 of %2: %3").arg(progress.index).arg(progress.count).arg(progress.text));
    showBytes(m_progress, progress.done, progress.total);
}

void BakeImageDetailPane::setTransfer(const QString &text, qint64 done, qint64 total)
{
    m_transferRow->show();
    m_transferText->setText(text);
    showBytes(m_transferBar, done, total);
}

void BakeImageDetailPane::clearTransfer()
{
    m_transferRow->hide();
}

} // namespace Kiln
