//! [`App`]: what the running app holds (store, keychain, open photos, provider
//! clients, the demo gateway) and the buyer's actions, each a method.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use ts_rs::TS;
use zhaohuo_providers::{ClientOptions, ProviderClient, ProviderProfile, UploadCache};
use zhaohuo_sandbox::RunningSandbox;
use zhaohuo_secrets::{SecretField, SecretStore};
use zhaohuo_store::{
    HistoryTextHits, ItemId, ItemRef, SearchDetail, SearchId, SearchSummary, Shortlist, ShortlistDetail, ShortlistId,
    Store,
};

use crate::demo::{self, DEMO_PROFILE};
use crate::photos::{LoadedPhoto, Original, PhotoShelf};
use crate::profiles::{self, CredentialInput, ProfileView, ACTIVE_PROFILE_KEY};
use crate::Error;

/// The database file inside the app's data folder.
pub const DB_FILE: &str = "zhaohuo.sqlite3";

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// Folder holding the database and logs.
    pub data_dir: String,
    /// The profile searches go to.
    pub active_profile: String,
    /// Loopback URL of the demo gateway, when it runs.
    pub demo_url: Option<String>,
}

pub struct App {
    data_dir: PathBuf,
    pub(crate) store: Store,
    pub(crate) secrets: Arc<dyn SecretStore>,
    pub(crate) photos: PhotoShelf,
    /// The demo gateway, started the first time the demo profile is used.
    demo: tokio::sync::OnceCell<RunningSandbox>,
    active: tokio::sync::RwLock<String>,
    /// One client per profile, so its rate limiter and daily count persist.
    clients: tokio::sync::Mutex<HashMap<String, Arc<ProviderClient>>>,
    /// Bumped (under the `clients` lock) whenever credentials or a base URL
    /// change, so a client built from a keychain read that raced the change
    /// is not kept.
    clients_epoch: std::sync::atomic::AtomicU64,
    /// Timeouts and retries of the clients built from now on ([`App::set_client_options`]).
    client_options: std::sync::Mutex<ClientOptions>,
    uploads: Arc<UploadCache>,
    pub(crate) searches: crate::search::Searches,
    /// Sign-ins with 1688 under way (`crate::signin`).
    pub(crate) sign_ins: crate::signin::SignIns,
    /// Profiles from `profiles/*.json` in the data folder, read at start.
    custom_profiles: Vec<ProviderProfile>,
    /// Limits on photos downloaded from a link ([`App::set_link_policy`]).
    link_policy: std::sync::Mutex<crate::photo_link::LinkPolicy>,
}

impl App {
    /// Opens the store in `data_dir`. Call [`App::warm_up`] next, off the UI's
    /// critical path, to start the demo gateway.
    pub async fn start(data_dir: &Path, secrets: Arc<dyn SecretStore>) -> Result<App, Error> {
        let db = data_dir.join(DB_FILE);
        let store = tokio::task::spawn_blocking(move || Store::open(db)).await??;
        let active = match store.get_setting(ACTIVE_PROFILE_KEY).await? {
            Some(serde_json::Value::String(id)) => id,
            _ => DEMO_PROFILE.to_string(),
        };
        let dir = data_dir.join(profiles::CUSTOM_PROFILES_DIR);
        let custom_profiles = tokio::task::spawn_blocking(move || profiles::load_custom(&dir)).await?;
        Ok(App {
            data_dir: data_dir.to_path_buf(),
            store,
            secrets,
            photos: PhotoShelf::default(),
            demo: tokio::sync::OnceCell::new(),
            active: tokio::sync::RwLock::new(active),
            clients: tokio::sync::Mutex::new(HashMap::new()),
            clients_epoch: Default::default(),
            client_options: Default::default(),
            uploads: Arc::new(UploadCache::default()),
            searches: Default::default(),
            sign_ins: Default::default(),
            custom_profiles,
            link_policy: Default::default(),
        })
    }

    /// Starts the demo gateway when the demo profile is active (the default for
    /// a new user), so the first search does not wait for it. A failure is not
    /// fatal: the next search reports it with a hint.
    pub async fn warm_up(&self) {
        if profiles::is_demo(&self.active.read().await) {
            if let Err(err) = self.ensure_demo().await {
                tracing::warn!(error = %err, "the demo gateway did not start");
            }
        }
    }

    /// Starts the demo gateway unless it runs already.
    pub(crate) async fn ensure_demo(&self) -> Result<&RunningSandbox, Error> {
        self.demo.get_or_try_init(|| demo::start(Arc::clone(&self.secrets))).await
    }

    pub async fn app_info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: self.data_dir.display().to_string(),
            active_profile: self.active.read().await.clone(),
            demo_url: self.demo_url(),
        }
    }

    /// The in-process demo gateway, once started. Tests inject faults through it.
    pub fn demo_gateway(&self) -> Option<&RunningSandbox> {
        self.demo.get()
    }

    fn demo_url(&self) -> Option<String> {
        self.demo.get().map(RunningSandbox::base_url)
    }

    /// Keeps a photo for searching, however it arrived (dropped or pasted
    /// bytes, the clipboard's pixels, a file the buyer opened).
    pub async fn load_photo(&self, original: Original) -> Result<LoadedPhoto, Error> {
        self.photos.load(original).await
    }

    /// Downloads the picture an image address points to (pasted text or a link
    /// dropped from a browser) under the link policy, then opens it as a file.
    pub async fn load_photo_url(&self, link: String) -> Result<LoadedPhoto, Error> {
        let url = crate::photo_link::parse_link(&link)?;
        let policy = self.link_policy.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        let bytes = crate::photo_link::download(url, &policy).await?;
        self.photos.load(Original::Encoded(bytes)).await
    }

    /// Replaces the limits on downloads from links (tests allow their loopback server).
    pub fn set_link_policy(&self, policy: crate::photo_link::LinkPolicy) {
        *self.link_policy.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = policy;
    }

    pub(crate) async fn active_profile(&self) -> Result<ProviderProfile, Error> {
        let id = self.active.read().await.clone();
        if profiles::is_demo(&id) {
            self.ensure_demo().await?;
        }
        self.find_profile(&id).await
    }

    /// The buyer's base-URL overrides (see [`profiles::BASE_URLS_KEY`]).
    async fn base_urls(&self) -> Result<BTreeMap<String, String>, Error> {
        Ok(match self.store.get_setting(profiles::BASE_URLS_KEY).await? {
            Some(value) => serde_json::from_value(value).unwrap_or_default(),
            None => BTreeMap::new(),
        })
    }

    pub(crate) async fn find_profile(&self, id: &str) -> Result<ProviderProfile, Error> {
        profiles::find(self.demo_url().as_deref(), &self.base_urls().await?, &self.custom_profiles, id)
    }

    /// The profile's client, created on first use with credentials from the keychain.
    ///
    /// The keychain is read without holding the clients' lock: the read is
    /// D-Bus IPC that can wait on an unlock prompt, and every other profile's
    /// searches and every settings change would wait behind it.
    pub(crate) async fn client(&self, profile: &ProviderProfile) -> Result<Arc<ProviderClient>, Error> {
        use std::sync::atomic::Ordering;
        let epoch = {
            let clients = self.clients.lock().await;
            if let Some(client) = clients.get(&profile.id) {
                return Ok(Arc::clone(client));
            }
            self.clients_epoch.load(Ordering::SeqCst)
        };
        let secrets = Arc::clone(&self.secrets);
        let id = profile.id.clone();
        let credentials = tokio::task::spawn_blocking(move || profiles::credentials(secrets.as_ref(), &id)).await??;
        let options = *self.client_options.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let client = ProviderClient::with_options(profile.clone(), credentials, options, Arc::clone(&self.uploads))?;
        let used = self.store.count_calls(&profile.id, crate::search::today()).await?;
        client.set_calls_today(used);
        self.attach_sign_in(&client).await?;
        let client = Arc::new(client);
        let mut clients = self.clients.lock().await;
        // Another search built one meanwhile: share it (one rate limiter, one count).
        if let Some(existing) = clients.get(&profile.id) {
            return Ok(Arc::clone(existing));
        }
        // Credentials changed during the read: serve this search, keep nothing stale.
        if self.clients_epoch.load(Ordering::SeqCst) == epoch {
            clients.insert(profile.id.clone(), Arc::clone(&client));
        }
        Ok(client)
    }

    /// Timeouts and retries for every profile's client; clients built before
    /// are dropped, so the next search uses these. The defaults suit 1688; the
    /// fault soak (`tests/soak.rs`) shortens them so a hung gateway costs a
    /// second rather than half a minute per attempt.
    pub async fn set_client_options(&self, options: ClientOptions) {
        *self.client_options.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = options;
        let mut clients = self.clients.lock().await;
        self.clients_epoch.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        clients.clear();
    }

    /// Drops a profile's client after its credentials or address changed.
    pub(crate) async fn forget_client(&self, profile: &str) {
        let mut clients = self.clients.lock().await;
        self.clients_epoch.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        clients.remove(profile);
    }

    // History: reopening a search never calls the API.

    pub async fn list_history(&self, page: u32, page_size: u32) -> Result<Vec<SearchSummary>, Error> {
        Ok(self.store.list_history(page, page_size).await?)
    }

    /// Past searches whose offers' titles or suppliers match `text`, and
    /// shortlists or notes that do (FTS5 trigram, so Chinese works).
    pub async fn find_in_history(&self, text: &str, limit: u32) -> Result<HistoryTextHits, Error> {
        Ok(self.store.find_in_history(text, limit).await?)
    }

    pub async fn open_search(&self, id: SearchId) -> Result<SearchDetail, Error> {
        let mut detail = self.store.open_search(id).await?;
        self.rebase_demo_images(&mut detail.offers).await;
        Ok(detail)
    }

    /// Demo offer pictures are served by the in-process gateway, whose port
    /// changes every run; stored URLs are pointed at this run's gateway so
    /// History and Shortlists still show pictures (they are deterministic per offer).
    async fn demo_image_base(&self, offers: &[&zhaohuo_types::Offer]) -> Option<String> {
        if !offers.iter().any(|o| profiles::is_demo(&o.profile)) {
            return None;
        }
        self.ensure_demo().await.ok().map(RunningSandbox::base_url)
    }

    /// [`rebase_demo_image`] for offers about to be shown.
    pub(crate) async fn rebase_demo_images(&self, offers: &mut [zhaohuo_types::Offer]) {
        if let Some(base) = self.demo_image_base(&offers.iter().collect::<Vec<_>>()).await {
            offers.iter_mut().for_each(|o| rebase_demo_image(o, &base));
        }
    }

    pub async fn delete_search(&self, id: SearchId) -> Result<(), Error> {
        Ok(self.store.delete_search(id).await?)
    }

    // Shortlists: named lists of offers and suppliers, with the latest known prices.

    pub async fn list_shortlists(&self) -> Result<Vec<Shortlist>, Error> {
        Ok(self.store.list_shortlists().await?)
    }

    pub async fn create_shortlist(&self, name: &str) -> Result<Shortlist, Error> {
        Ok(self.store.create_shortlist(name, "").await?)
    }

    pub async fn add_to_shortlist(&self, list: ShortlistId, item: ItemRef, note: &str) -> Result<ItemId, Error> {
        Ok(self.store.add_to_shortlist(list, item, note).await?)
    }

    pub async fn open_shortlist(&self, id: ShortlistId) -> Result<ShortlistDetail, Error> {
        let mut detail = self.store.open_shortlist(id).await?;
        let offers: Vec<&zhaohuo_types::Offer> = detail
            .items
            .iter()
            .filter_map(|item| match &item.target {
                zhaohuo_store::ItemTarget::Offer { offer } => Some(offer.as_ref()),
                zhaohuo_store::ItemTarget::Supplier { .. } => None,
            })
            .collect();
        if let Some(base) = self.demo_image_base(&offers).await {
            for item in &mut detail.items {
                if let zhaohuo_store::ItemTarget::Offer { offer } = &mut item.target {
                    rebase_demo_image(offer, &base);
                }
            }
        }
        Ok(detail)
    }

    pub async fn rename_shortlist(&self, id: ShortlistId, name: &str) -> Result<(), Error> {
        Ok(self.store.rename_shortlist(id, name).await?)
    }

    pub async fn set_shortlist_notes(&self, id: ShortlistId, notes: &str) -> Result<(), Error> {
        Ok(self.store.set_shortlist_notes(id, notes).await?)
    }

    pub async fn set_item_note(&self, item: ItemId, note: &str) -> Result<(), Error> {
        Ok(self.store.set_item_note(item, note).await?)
    }

    /// Moves an item to the end of another list.
    pub async fn move_shortlist_item(&self, item: ItemId, to: ShortlistId) -> Result<(), Error> {
        Ok(self.store.move_shortlist_item(item, to, u32::MAX).await?)
    }

    pub async fn remove_shortlist_item(&self, item: ItemId) -> Result<(), Error> {
        Ok(self.store.remove_shortlist_item(item).await?)
    }

    pub async fn delete_shortlist(&self, id: ShortlistId) -> Result<(), Error> {
        Ok(self.store.delete_shortlist(id).await?)
    }

    // Profiles and credentials: values go to the keychain, only "is it set?" comes back.

    pub async fn list_profiles(&self) -> Result<Vec<ProfileView>, Error> {
        let active = self.active.read().await.clone();
        let all = profiles::all(self.demo_url().as_deref(), &self.base_urls().await?, &self.custom_profiles);
        let secrets = Arc::clone(&self.secrets);
        tokio::task::spawn_blocking(move || {
            all.into_iter()
                .map(|p| {
                    Ok(ProfileView {
                        credentials: secrets.status(&p.id)?,
                        active: p.id == active,
                        id: p.id,
                        label: p.label,
                        base_url: p.base_url,
                    })
                })
                .collect::<Result<Vec<_>, Error>>()
        })
        .await?
    }

    pub async fn set_credential(&self, input: CredentialInput) -> Result<(), Error> {
        self.find_profile(&input.profile).await?;
        let secrets = Arc::clone(&self.secrets);
        let profile = input.profile.clone();
        let field = input.field;
        tokio::task::spawn_blocking(move || secrets.set(&input.profile, input.field, input.value)).await??;
        if field == SecretField::AccessToken {
            // A token typed in replaces any sign-in (see `signin`).
            self.forget_sign_in(&profile).await?;
        }
        self.forget_client(&profile).await;
        Ok(())
    }

    pub async fn clear_credential(&self, profile: String, field: SecretField) -> Result<(), Error> {
        let secrets = Arc::clone(&self.secrets);
        let id = profile.clone();
        tokio::task::spawn_blocking(move || secrets.clear(&id, field)).await??;
        self.forget_client(&profile).await;
        Ok(())
    }

    /// Points a built-in profile at another gateway (a proxy, another region, a
    /// sandbox), or back at its own with `None`.
    pub async fn set_profile_base_url(&self, id: String, url: Option<String>) -> Result<(), Error> {
        let profile = self.find_profile(&id).await?;
        if profiles::is_demo(&profile.id) {
            return Err(Error::UnknownProfile(format!("{id} (the demo gateway's address is fixed)")));
        }
        let mut urls = self.base_urls().await?;
        match url {
            Some(url) => urls.insert(id.clone(), profiles::check_base_url(&id, &url)?),
            None => urls.remove(&id),
        };
        let value = serde_json::to_value(&urls).map_err(|e| Error::Internal(e.to_string()))?;
        self.store.set_setting(profiles::BASE_URLS_KEY, value).await?;
        self.forget_client(&id).await;
        Ok(())
    }

    pub async fn set_active_profile(&self, id: String) -> Result<(), Error> {
        if profiles::is_demo(&id) {
            self.ensure_demo().await?;
        }
        self.find_profile(&id).await?;
        self.store.set_setting(ACTIVE_PROFILE_KEY, serde_json::Value::String(id.clone())).await?;
        *self.active.write().await = id;
        Ok(())
    }
}

/// Points a demo offer's picture at the gateway at `base` (see `App::demo_image_base`).
fn rebase_demo_image(offer: &mut zhaohuo_types::Offer, base: &str) {
    if !profiles::is_demo(&offer.profile) {
        return;
    }
    if let Some(url) = offer.image_url.as_mut() {
        let path = url.strip_prefix("http://127.0.0.1:").and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()));
        if let Some(path) = path {
            *url = format!("{base}{path}");
        }
    }
}

#[cfg(test)]
mod client_lock_tests;
