#include "ui/settings/profilesdialog.h"

#include "core/gatewayclient.h"
#include "core/profiles.h"
#include "core/secretstore.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bsp::ui {

namespace {

struct ProbeResult
{
    bool ok = false;
    QString text;
};

QString trDialog(const char *text)
{
    return QCoreApplication::translate("bsp::ui::ProfilesDialog", text);
}

// One balance() call against what the form says, on a client of its own so the main
// window's connection is not disturbed. The client lives as long as the call, even when
// the dialog closes first.
QCoro::Task<ProbeResult> probe(
    SecretStore *secrets, std::optional<GatewayProfile> profile, QUrl url, QString typedKey)
{
    QString key = typedKey;
    if (key.isEmpty() && profile)
        key = (co_await secrets->keyFor(*profile)).value_or(QString());
    if (key.isEmpty())
        co_return ProbeResult {false, trDialog("No key: type one in the Key field first.")};

    auto *client = new GatewayClient;
    client->setBaseUrl(url);
    client->setApiKey(key);
    CallOptions opt;
    opt.tab = u"settings"_s;
    opt.retry = false;
    opt.timeout = std::chrono::milliseconds(15'000);
    const Result<Balance> result = co_await client->balance(std::move(opt));
    const QString requestId = client->lastQuota().requestId;
    client->deleteLater();
    if (!result.ok())
        co_return ProbeResult {false, result.error().displayText()};
    QString text = trDialog("Connection works: balance %1").arg(formatUsd(result->remaining));
    if (!requestId.isEmpty())
        text += trDialog(" — request %1").arg(requestId);
    co_return ProbeResult {true, text};
}

} // namespace

ProfilesDialog::ProfilesDialog(Profiles *profiles, SecretStore *secrets, QWidget *parent)
    : QDialog(parent)
    , m_profiles(profiles)
    , m_secrets(secrets)
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_key(new QLineEdit(this))
    , m_storedKey(new QLabel(this))
    , m_result(new QLabel(this))
    , m_add(new QPushButton(tr("&Add"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_test(new QPushButton(tr("&Test connection"), this))
{
    setWindowTitle(tr("Profiles"));
    setObjectName(u"profilesDialog"_s);
    m_list->setObjectName(u"profileList"_s);
    m_name->setObjectName(u"nameEdit"_s);
    m_url->setObjectName(u"urlEdit"_s);
    m_url->setPlaceholderText(u"https://llm.bytespike.ai"_s);
    m_key->setObjectName(u"keyEdit"_s);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setClearButtonEnabled(true);
    m_storedKey->setObjectName(u"storedKeyLabel"_s);
    m_storedKey->setTextFormat(Qt::PlainText);
    m_result->setObjectName(u"testResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_save->setObjectName(u"saveButton"_s);
    m_test->setObjectName(u"testButton"_s);
    m_list->setMinimumWidth(180);

    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_remove);
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);

    auto *form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Base URL:"), m_url);
    form->addRow(tr("Key:"), m_key);
    form->addRow(QString(), m_storedKey);
    m_list->setAccessibleName(tr("Profiles"));
    m_name->setAccessibleName(tr("Profile name"));
    m_url->setAccessibleName(tr("Base URL"));
    m_key->setAccessibleName(tr("API key"));
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_test);
    actions->addStretch(1);
    actions->addWidget(m_save);
    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addLayout(actions);
    right->addWidget(m_result);
    right->addStretch(1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left);
    columns->addLayout(right, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(buttons);
    resize(680, 360);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, &ProfilesDialog::addProfile);
    connect(m_remove, &QPushButton::clicked, this, &ProfilesDialog::removeProfile);
    connect(m_save, &QPushButton::clicked, this, &ProfilesDialog::save);
    connect(m_test, &QPushButton::clicked, this, &ProfilesDialog::testConnection);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            showProfile(m_list->item(row)->data(Qt::UserRole).toString());
    });
    connect(m_profiles, &Profiles::profilesChanged, this, &ProfilesDialog::reloadList);

    m_selectedId = m_profiles->currentId();
    reloadList();
}

ProfilesDialog::~ProfilesDialog() = default;

void ProfilesDialog::reloadList()
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    int selectedRow = 0;
    for (const GatewayProfile &p : m_profiles->profiles()) {
        auto *item = new QListWidgetItem(p.name, m_list);
        item->setData(Qt::UserRole, p.id);
        if (p.id == m_selectedId)
            selectedRow = m_list->count() - 1;
    }
    m_list->setCurrentRow(selectedRow);
    showProfile(m_list->item(selectedRow)->data(Qt::UserRole).toString());
}

void ProfilesDialog::selectProfile(const QString &id)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(Qt::UserRole).toString() == id)
            m_list->setCurrentRow(row);
    }
}

void ProfilesDialog::showProfile(const QString &id)
{
    const std::optional<GatewayProfile> p = m_profiles->profile(id);
    if (!p)
        return;
    m_selectedId = id;
    ++m_testGeneration;
    const bool custom = p->kind == GatewayProfile::Kind::Custom;
    m_name->setText(p->name);
    m_url->setText(p->baseUrl.toString());
    m_name->setReadOnly(!custom);
    m_url->setReadOnly(!custom);
    m_remove->setEnabled(custom);
    m_key->clear();
    m_key->setEnabled(p->needsKey());
    m_key->setPlaceholderText(
        p->needsKey() ? tr("Paste a key to store or replace it") : tr("Not needed"));
    m_result->clear();
    showStoredKey(id);
}

void ProfilesDialog::showStoredKey(const QString &id)
{
    const std::optional<GatewayProfile> p = m_profiles->profile(id);
    if (!p)
        return;
    if (!p->needsKey()) {
        m_storedKey->setText(tr("The sandbox uses its built-in key."));
        return;
    }
    m_storedKey->setText(tr("Reading the stored key…"));
    const quint64 generation = ++m_keyGeneration;
    QCoro::connect(
        m_secrets->readKey(id), this, [this, generation](const std::optional<QString> &key) {
            if (generation != m_keyGeneration)
                return;
            QString text = key && !key->isEmpty()
                ? tr("Stored key: %1").arg(SecretStore::maskKey(*key))
                : tr("No key stored.");
            if (m_secrets->usingFallback())
                text += u' ' + tr("(private file, no keychain)");
            m_storedKey->setText(text);
        });
}

void ProfilesDialog::addProfile()
{
    m_list->clearSelection();
    m_selectedId.clear();
    m_name->setReadOnly(false);
    m_url->setReadOnly(false);
    m_name->setText(tr("New profile"));
    m_url->clear();
    m_key->clear();
    m_key->setEnabled(true);
    m_key->setPlaceholderText(tr("Paste the profile's key"));
    m_storedKey->setText(tr("No key stored."));
    m_result->setText(tr("Enter a name, a base URL and a key, then Save."));
    m_remove->setEnabled(false);
    m_name->setFocus();
    m_name->selectAll();
}

void ProfilesDialog::removeProfile()
{
    const QString id = m_selectedId;
    if (id.isEmpty() || !m_profiles->removeCustom(id))
        return;
    // Fire and forget (a discarded QCoro task runs to its end): the key goes with its profile.
    m_secrets->deleteKey(id);
    m_selectedId = m_profiles->currentId();
    reloadList();
}

void ProfilesDialog::save()
{
    QString error;
    QString id = m_selectedId;
    // Read before the list reloads: showing the saved profile clears the form's key.
    const QString key = m_key->text().trimmed();
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    if (id.isEmpty()) {
        id = m_profiles->addCustom(m_name->text(), url, &error);
        if (id.isEmpty()) {
            setResult(false, error);
            return;
        }
        m_selectedId = id;
        reloadList();
    } else if (const auto p = m_profiles->profile(id);
               p && p->kind == GatewayProfile::Kind::Custom) {
        GatewayProfile changed = *p;
        changed.name = m_name->text();
        changed.baseUrl = url;
        if (!m_profiles->updateCustom(changed, &error)) {
            setResult(false, error);
            return;
        }
    }
    writeKeyAndFinish(id, key);
}

void ProfilesDialog::writeKeyAndFinish(const QString &id, const QString &key)
{
    if (key.isEmpty()) {
        setResult(true, tr("Saved."));
        Q_EMIT saved(id);
        return;
    }
    m_save->setEnabled(false);
    QCoro::connect(m_secrets->writeKey(id, key), this, [this, id](bool ok) {
        m_save->setEnabled(true);
        if (!ok) {
            setResult(false, tr("The key could not be stored."));
            return;
        }
        m_key->clear();
        if (id == m_selectedId)
            showStoredKey(id);
        setResult(true, tr("Saved."));
        Q_EMIT keyChanged(id);
        Q_EMIT saved(id);
    });
}

void ProfilesDialog::testConnection()
{
    std::optional<GatewayProfile> profile = m_profiles->profile(m_selectedId);
    QUrl url = profile && profile->kind != GatewayProfile::Kind::Custom
        ? profile->baseUrl
        : QUrl::fromUserInput(m_url->text().trimmed());
    if (!url.isValid() || url.host().isEmpty()) {
        setResult(false,
            profile && profile->kind == GatewayProfile::Kind::Sandbox
                ? tr("The sandbox has not started yet.")
                : tr("The base URL must be an http:// or https:// address."));
        return;
    }
    const quint64 generation = ++m_testGeneration;
    m_test->setEnabled(false);
    m_result->setText(tr("Testing %1…").arg(url.toDisplayString()));
    QCoro::connect(probe(m_secrets, profile, url, m_key->text().trimmed()), this,
        [this, generation](const ProbeResult &result) {
            m_test->setEnabled(true);
            if (generation != m_testGeneration)
                return; // the form moved to another profile meanwhile
            setResult(result.ok, result.text);
            Q_EMIT testFinished(result.ok, result.text);
        });
}

void ProfilesDialog::setResult(bool ok, const QString &text)
{
    m_result->setStyleSheet(ok ? u"color:#2e7d32;"_s : u"color:#c62828;"_s);
    m_result->setText(text);
}

} // namespace bsp::ui
