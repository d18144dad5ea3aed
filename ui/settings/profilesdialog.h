#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace bsp {
class Profiles;
class SecretStore;
} // namespace bsp

namespace bsp::ui {

// Settings › Profiles: the profile list, and for the selected one its name, base URL
// and key (a password field; the stored key is only ever shown masked), Save and a
// Test connection button that calls /v1/balance with what is in the form.
class ProfilesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilesDialog)

public:
    ProfilesDialog(Profiles *profiles, SecretStore *secrets, QWidget *parent = nullptr);
    ~ProfilesDialog() override;

    // Selects a profile in the list (for the window and for tests).
    void selectProfile(const QString &id);
    QString selectedId() const { return m_selectedId; }

    void save();
    void testConnection();
    void addProfile();
    void removeProfile();

Q_SIGNALS:
    // A profile's key or address changed: the window reconnects when it is the current one.
    void keyChanged(const QString &profileId);
    void testFinished(bool ok, const QString &text);
    void saved(const QString &profileId);

private:
    void reloadList();
    void showProfile(const QString &id);
    void showStoredKey(const QString &id);
    void setResult(bool ok, const QString &text);
    void writeKeyAndFinish(const QString &id, const QString &key);

    Profiles *m_profiles;
    SecretStore *m_secrets;
    QString m_selectedId; // empty while a new profile is being entered
    quint64 m_testGeneration = 0;
    quint64 m_keyGeneration = 0;

    QListWidget *m_list;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_key;
    QLabel *m_storedKey;
    QLabel *m_result;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_save;
    QPushButton *m_test;
};

} // namespace bsp::ui
