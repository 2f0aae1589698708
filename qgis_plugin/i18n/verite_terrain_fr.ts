<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>BrowseDock</name>
    <message>
        <location filename="../ui/browse_dock.ui" line="14"/>
        <source>Vérité Terrain: browse packs</source>
        <translation>Vérité Terrain : parcourir les lots</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="21"/>
        <source>Filters</source>
        <translation>Filtres</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="37"/>
        <source>any, e.g. forest-structure</source>
        <translation>tous, ex. : forest-structure</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="47"/>
        <source>Class code</source>
        <translation>Code de classe</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="57"/>
        <source>any, e.g. broadleaved_deciduous_forest</source>
        <translation>tous, ex. : broadleaved_deciduous_forest</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="67"/>
        <source>CLC+ Backbone class</source>
        <translation>Classe CLC+ Backbone</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="80"/>
        <source>Minimum quality</source>
        <translation>Qualité minimale</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="110"/>
        <source>Only packs in the map extent</source>
        <translation>Seulement les lots dans l’emprise de la carte</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="125"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="132"/>
        <source>Refresh when the map moves</source>
        <translation>Actualiser quand la carte bouge</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="174"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="179"/>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="184"/>
        <source>Quality</source>
        <translation>Qualité</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="189"/>
        <source>Plots</source>
        <translation>Placettes</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="194"/>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="199"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="204"/>
        <source>Local copy</source>
        <translation>Copie locale</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="214"/>
        <source>Download</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <location filename="../ui/browse_dock.ui" line="221"/>
        <source>Open page</source>
        <translation>Ouvrir la page</translation>
    </message>
</context>
<context>
    <name>InferenceDialog</name>
    <message>
        <location filename="../ui/inference_dialog.ui" line="14"/>
        <source>Map sealed surfaces</source>
        <translation>Cartographier les surfaces imperméabilisées</translation>
    </message>
    <message>
        <location filename="../ui/inference_dialog.ui" line="25"/>
        <source>Sentinel-2 image</source>
        <translation>Image Sentinel-2</translation>
    </message>
    <message>
        <location filename="../ui/inference_dialog.ui" line="35"/>
        <source>A raster whose bands are named B02, B03… (or a Sentinel-2 product opened in QGIS)</source>
        <translation>Un raster dont les bandes s'appellent B02, B03… (ou un produit Sentinel-2 ouvert dans QGIS)</translation>
    </message>
    <message>
        <location filename="../ui/inference_dialog.ui" line="42"/>
        <source>Area</source>
        <translation>Zone</translation>
    </message>
    <message>
        <location filename="../ui/inference_dialog.ui" line="51"/>
        <source>Whole layer</source>
        <translation>Toute la couche</translation>
    </message>
    <message>
        <location filename="../ui/inference_dialog.ui" line="61"/>
        <source>Map extent only</source>
        <translation>Emprise de la carte seulement</translation>
    </message>
    <message>
        <location filename="../ui/inference_dialog.ui" line="70"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../ui/inference_dialog.ui" line="83"/>
        <source>Output folder</source>
        <translation>Dossier de sortie</translation>
    </message>
    <message>
        <location filename="../ui/inference_dialog.ui" line="96"/>
        <source>Also write the sealed probability</source>
        <translation>Écrire aussi la probabilité d'imperméabilisation</translation>
    </message>
</context>
<context>
    <name>NewPackDialog</name>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="14"/>
        <source>New pack</source>
        <translation>Nouveau lot</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="33"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="46"/>
        <source>e.g. Forest structure plots, Forêt de Fontainebleau</source>
        <translation>ex. : placettes de structure forestière, forêt de Fontainebleau</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="53"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="63"/>
        <source>What was observed, where, how and why</source>
        <translation>Ce qui a été observé, où, comment et pourquoi</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="70"/>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="80"/>
        <source>Lower case letters, digits and hyphens, e.g. forest-structure, urban-sealing, wetlands</source>
        <translation>Lettres minuscules, chiffres et tirets, ex. : forest-structure, urban-sealing, wetlands</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="83"/>
        <source>forest-structure</source>
        <translation>forest-structure</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="90"/>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="103"/>
        <source>An SPDX licence id, or LicenseRef-… for documented custom terms</source>
        <translation>Un identifiant de licence SPDX, ou LicenseRef-… pour des conditions propres documentées</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="110"/>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="123"/>
        <source>Citation</source>
        <translation>Citation</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="133"/>
        <source>Optional: how to cite the pack</source>
        <translation>Facultatif : comment citer le lot</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="141"/>
        <source>Observation</source>
        <translation>Observation</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="147"/>
        <source>Contributors (at least one)</source>
        <translation>Contributeurs (au moins un)</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="166"/>
        <source>Expertise</source>
        <translation>Expertise</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="176"/>
        <source>Add contributor</source>
        <translation>Ajouter un contributeur</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="201"/>
        <source>Observed from</source>
        <translation>Début des observations</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="221"/>
        <source>Observed until</source>
        <translation>Fin des observations</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="234"/>
        <source>yyyy-MM-dd</source>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="241"/>
        <source>Positional accuracy</source>
        <translation>Précision planimétrique</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="251"/>
        <source>Accuracy of the plot outlines, in metres (above 10 m the quality score is reduced)</source>
        <translation>Précision des contours des placettes, en mètres (au-delà de 10 m, le score de qualité est réduit)</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="254"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="276"/>
        <source>Area</source>
        <translation>Emprise</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="282"/>
        <source>The pack area: every plot must lie inside it.</source>
        <translation>L’emprise du lot : chaque placette doit s’y trouver.</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="292"/>
        <source>Keep the pack's current area</source>
        <translation>Conserver l’emprise actuelle du lot</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="299"/>
        <source>Current map extent</source>
        <translation>Emprise actuelle de la carte</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="311"/>
        <source>Extent of layer</source>
        <translation>Emprise de la couche</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="342"/>
        <source>CRS of the plots</source>
        <translation>SCR des placettes</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="368"/>
        <source>Classes</source>
        <translation>Classes</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="376"/>
        <source>Nomenclature</source>
        <translation>Nomenclature</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="398"/>
        <source>Fetch the nomenclatures recommended by the server</source>
        <translation>Récupérer les nomenclatures recommandées par le serveur</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="401"/>
        <source>Fetch from server</source>
        <translation>Récupérer depuis le serveur</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="410"/>
        <source>Custom nomenclature name</source>
        <translation>Nom de la nomenclature personnalisée</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="420"/>
        <source>e.g. Wetland habitats (my survey)</source>
        <translation>ex. : habitats de zones humides (mon relevé)</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="436"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="441"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="446"/>
        <source>Colour</source>
        <translation>Couleur</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="451"/>
        <source>CLC+ Backbone class</source>
        <translation>Classe CLC+ Backbone</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="461"/>
        <source>Add class</source>
        <translation>Ajouter une classe</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="468"/>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="486"/>
        <source>Descriptors</source>
        <translation>Descripteurs</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="496"/>
        <source>Attributes each plot carries besides its class (e.g. tree height, leaf type shares)</source>
        <translation>Attributs que porte chaque placette en plus de sa classe (ex. : hauteur des arbres, parts de chaque type de feuillage)</translation>
    </message>
    <message>
        <location filename="../ui/new_pack_dialog.ui" line="511"/>
        <source>Pack file</source>
        <translation>Fichier du lot</translation>
    </message>
</context>
<context>
    <name>S2Dialog</name>
    <message>
        <location filename="../ui/s2_dialog.ui" line="14"/>
        <source>Get Sentinel-2 for this area</source>
        <translation>Obtenir Sentinel-2 pour cette zone</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="23"/>
        <source>Catalogue</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="29"/>
        <source>STAC catalogue</source>
        <translation>Catalogue STAC</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="42"/>
        <source>STAC API URL</source>
        <translation>URL de l'API STAC</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="52"/>
        <source>https://example.org/stac/v1</source>
        <translation>https://example.org/stac/v1</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="59"/>
        <source>Token (authentication)</source>
        <translation>Jeton (authentification)</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="66"/>
        <source>A "Basic" configuration whose password is the catalogue's access token (Copernicus Data Space)</source>
        <translation>Une configuration « Basic » dont le mot de passe est le jeton d'accès du catalogue (Copernicus Data Space)</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="73"/>
        <source>Or token</source>
        <translation>Ou jeton</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="83"/>
        <source>Used for this session only; never saved</source>
        <translation>Utilisé pour cette session seulement ; jamais enregistré</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="93"/>
        <source>Area and dates</source>
        <translation>Zone et dates</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="99"/>
        <source>Map extent</source>
        <translation>Emprise de la carte</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="109"/>
        <source>Extent of layer</source>
        <translation>Emprise de la couche</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="119"/>
        <source>Drawn rectangle</source>
        <translation>Rectangle dessiné</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="126"/>
        <source>Draw on map…</source>
        <translation>Dessiner sur la carte…</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="142"/>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="162"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="175"/>
        <source>yyyy-MM-dd</source>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="182"/>
        <source>Cloud cover at most</source>
        <translation>Couverture nuageuse au plus</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="192"/>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="205"/>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="225"/>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="291"/>
        <source>Stack for the model</source>
        <translation>Pile pour le modèle</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="297"/>
        <source>Scenes</source>
        <translation>Scènes</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="310"/>
        <source>Clouds and shadows as no data</source>
        <translation>Nuages et ombres en non-données</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="320"/>
        <source>Output GeoTIFF</source>
        <translation>GeoTIFF en sortie</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="342"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../ui/s2_dialog.ui" line="352"/>
        <source>Build stack and add to map</source>
        <translation>Construire la pile et l'ajouter à la carte</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.ui" line="14"/>
        <source>Vérité Terrain settings</source>
        <translation>Paramètres de Vérité Terrain</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="23"/>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="29"/>
        <source>Server URL</source>
        <translation>URL du serveur</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="39"/>
        <source>https://verite-terrain.example.org</source>
        <translation>https://verite-terrain.example.org</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="46"/>
        <source>Request timeout</source>
        <translation>Délai d’attente des requêtes</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="56"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="75"/>
        <source>Authentication</source>
        <translation>Authentification</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="88"/>
        <source>API token</source>
        <translation>Jeton d’API</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="101"/>
        <source>Paste a token to replace the stored one</source>
        <translation>Collez un jeton pour remplacer celui qui est enregistré</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="108"/>
        <source>Or log in with your account to get a new token:</source>
        <translation>Ou connectez-vous avec votre compte pour obtenir un nouveau jeton :</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="115"/>
        <source>User name</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="128"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="147"/>
        <source>Log in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="154"/>
        <source>Forget the stored token</source>
        <translation>Oublier le jeton enregistré</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="166"/>
        <source>Downloads</source>
        <translation>Téléchargements</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.ui" line="172"/>
        <source>Folder for downloaded packs</source>
        <translation>Dossier des lots téléchargés</translation>
    </message>
</context>
<context>
    <name>ValidationDock</name>
    <message>
        <location filename="../ui/validation_dock.ui" line="14"/>
        <source>Vérité Terrain: check pack</source>
        <translation>Vérité Terrain : vérifier le lot</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="23"/>
        <source>Pack layer</source>
        <translation>Couche du lot</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="44"/>
        <source>Check the plots (unsaved edits included) with the server's rules</source>
        <translation>Vérifier les placettes (modifications non enregistrées comprises) avec les règles du serveur</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="47"/>
        <source>Check</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="54"/>
        <source>Upload the pack file to the server</source>
        <translation>Envoyer le fichier du lot au serveur</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="57"/>
        <source>Publish pack</source>
        <translation>Publier le lot</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="73"/>
        <source>Check again after saving edits</source>
        <translation>Vérifier à nouveau après l’enregistrement des modifications</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="92"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="111"/>
        <source>Select rows to select the plots; double-click to zoom to them</source>
        <translation>Sélectionnez des lignes pour sélectionner les placettes ; double-cliquez pour zoomer dessus</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="121"/>
        <source>Plot</source>
        <translation>Placette</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="126"/>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="131"/>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="139"/>
        <source>Show the Sentinel-2 10 m pixel grid of the map extent (a temporary layer)</source>
        <translation>Afficher la grille des pixels Sentinel-2 de 10 m sur l’emprise de la carte (couche temporaire)</translation>
    </message>
    <message>
        <location filename="../ui/validation_dock.ui" line="142"/>
        <source>Sentinel-2 10 m grid</source>
        <translation>Grille Sentinel-2 de 10 m</translation>
    </message>
</context>
<context>
    <name>VeriteTerrain</name>
    <message>
        <location filename="../core/auth.py" line="21"/>
        <source>The API token is empty</source>
        <translation>Le jeton d’API est vide</translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="35"/>
        <source>The token could not be saved in the QGIS authentication database</source>
        <translation>Le jeton n’a pas pu être enregistré dans la base d’authentification de QGIS</translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="35"/>
        <source>Set a master password in Settings › Options › Authentication.</source>
        <translation>Définissez un mot de passe principal dans Préférences › Options › Authentification.</translation>
    </message>
    <message>
        <location filename="../core/cache.py" line="55"/>
        <source>{pack_id} is not a valid pack id</source>
        <translation>{pack_id} n’est pas un identifiant de lot valide</translation>
    </message>
    <message>
        <location filename="../core/cache.py" line="127"/>
        <source>The download cache index could not be written</source>
        <translation>L’index du cache des téléchargements n’a pas pu être écrit</translation>
    </message>
    <message>
        <location filename="../core/client.py" line="37"/>
        <source>The server's answer is not valid JSON</source>
        <translation>La réponse du serveur n’est pas du JSON valide</translation>
    </message>
    <message>
        <location filename="../core/client.py" line="88"/>
        <source>The server {url} cannot be reached</source>
        <translation>Le serveur {url} est injoignable</translation>
    </message>
    <message>
        <location filename="../core/client.py" line="88"/>
        <source>no answer</source>
        <translation>pas de réponse</translation>
    </message>
    <message>
        <location filename="../core/client.py" line="88"/>
        <source>Check the server URL, your connection and proxy settings.</source>
        <translation>Vérifiez l’URL du serveur, votre connexion et les paramètres du proxy.</translation>
    </message>
    <message>
        <location filename="../core/contract.py" line="25"/>
        <source>Publishable. Offline quality estimate: {score} (level {level}).</source>
        <translation>Publiable. Estimation hors ligne de la qualité : {score} (niveau {level}).</translation>
    </message>
    <message>
        <location filename="../core/dependencies.py" line="70"/>
        <source>Model inference is ready ({packages}).</source>
        <translation>L'inférence du modèle est prête ({packages}).</translation>
    </message>
    <message>
        <location filename="../core/dependencies.py" line="72"/>
        <source>Running a model needs Python package(s) QGIS does not have: {packages}. Install them into your QGIS profile in one click.</source>
        <translation>Exécuter un modèle demande des paquets Python absents de QGIS : {packages}. Installez-les dans votre profil QGIS en un clic.</translation>
    </message>
    <message>
        <location filename="../core/dependencies.py" line="80"/>
        <source>Python used by QGIS: {version}</source>
        <translation>Python utilisé par QGIS : {version}</translation>
    </message>
    <message>
        <location filename="../core/dependencies.py" line="290"/>
        <source>Installing {packages}</source>
        <translation>Installation de {packages}</translation>
    </message>
    <message>
        <location filename="../core/dependencies.py" line="316"/>
        <source>The installation did not finish within {seconds} s</source>
        <translation>L'installation ne s'est pas terminée en {seconds} s</translation>
    </message>
    <message>
        <location filename="../core/dependencies.py" line="332"/>
        <source>{python} is Python {found}, QGIS runs Python {expected}: install the packages with QGIS's own Python</source>
        <translation>{python} est Python {found}, QGIS utilise Python {expected} : installez les paquets avec le Python de QGIS</translation>
    </message>
    <message>
        <location filename="../core/dependencies.py" line="344"/>
        <source>pip failed (exit code {code})</source>
        <translation>pip a échoué (code de sortie {code})</translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="73"/>
        <source>{count} problem(s) must be fixed before publishing</source>
        <translation>{count} problème(s) à corriger avant de publier</translation>
    </message>
    <message>
        <location filename="../core/errors.py" line="122"/>
        <source>Unexpected error, please report it: {error}</source>
        <translation>Erreur inattendue, merci de la signaler : {error}</translation>
    </message>
    <message>
        <location filename="../core/grid.py" line="50"/>
        <source>The grid extent must be four numbers</source>
        <translation>L’emprise de la grille doit être donnée par quatre nombres</translation>
    </message>
    <message>
        <location filename="../core/grid.py" line="52"/>
        <source>The grid extent must be a longitude/latitude box within the UTM latitudes</source>
        <translation>L’emprise de la grille doit être un rectangle en longitude/latitude compris dans les latitudes UTM</translation>
    </message>
    <message>
        <location filename="../core/grid.py" line="77"/>
        <source>The area is too large for a 10 m grid ({count} lines; the limit is {limit})</source>
        <translation>La zone est trop grande pour une grille de 10 m ({count} lignes ; la limite est de {limit})</translation>
    </message>
    <message>
        <location filename="../core/grid.py" line="77"/>
        <source>Zoom in to show the Sentinel-2 pixel grid.</source>
        <translation>Zoomez pour afficher la grille des pixels Sentinel-2.</translation>
    </message>
    <message>
        <location filename="../core/grid.py" line="84"/>
        <source>Sentinel-2 10 m grid (UTM {zone})</source>
        <translation>Grille Sentinel-2 de 10 m (UTM {zone})</translation>
    </message>
    <message>
        <location filename="../core/inference_tasks.py" line="74"/>
        <source>The model file {path} does not exist</source>
        <translation>Le fichier de modèle {path} n'existe pas</translation>
    </message>
    <message>
        <location filename="../core/inference_tasks.py" line="78"/>
        <source>{path} is not a usable Vérité Terrain model</source>
        <translation>{path} n'est pas un modèle Vérité Terrain utilisable</translation>
    </message>
    <message>
        <location filename="../core/inference_tasks.py" line="83"/>
        <source>onnxruntime cannot load {path}</source>
        <translation>onnxruntime ne peut pas charger {path}</translation>
    </message>
    <message>
        <location filename="../core/inference_tasks.py" line="102"/>
        <source>Trained on pseudo-labels (another model's output), not ground truth.</source>
        <translation>Entraîné sur des pseudo-étiquettes (la sortie d'un autre modèle), pas sur une vérité terrain.</translation>
    </message>
    <message>
        <location filename="../core/inference_tasks.py" line="111"/>
        <source>GPU ({name})</source>
        <translation>GPU ({name})</translation>
    </message>
    <message>
        <location filename="../core/inference_tasks.py" line="112"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../core/inference_tasks.py" line="215"/>
        <source>Mapping sealed surfaces: {name}</source>
        <translation>Cartographie des surfaces imperméabilisées : {name}</translation>
    </message>
    <message>
        <location filename="../core/inference_tasks.py" line="228"/>
        <source>{path} cannot be used as a Sentinel-2 image</source>
        <translation>{path} ne peut pas servir d'image Sentinel-2</translation>
    </message>
    <message>
        <location filename="../core/inference_tasks.py" line="256"/>
        <source>The model could not run on this image</source>
        <translation>Le modèle n'a pas pu s'exécuter sur cette image</translation>
    </message>
    <message>
        <location filename="../core/layer_check.py" line="50"/>
        <source>Layer {name} is not read from a pack file</source>
        <translation>La couche {name} ne provient pas d’un fichier de lot</translation>
    </message>
    <message>
        <location filename="../core/layer_check.py" line="50"/>
        <source>Give the pack's manifest to check it.</source>
        <translation>Fournissez le manifeste du lot pour la vérifier.</translation>
    </message>
    <message>
        <location filename="../core/layer_check.py" line="109"/>
        <source>The layer has unsaved edits: save them before publishing</source>
        <translation>La couche a des modifications non enregistrées : enregistrez-les avant de publier</translation>
    </message>
    <message>
        <location filename="../core/layer_check.py" line="125"/>
        <source>Layer {name} has no plot_id field</source>
        <translation>La couche {name} n’a pas de champ plot_id</translation>
    </message>
    <message>
        <location filename="../core/nomenclature.py" line="57"/>
        <source>The nomenclature has {count} problem(s)</source>
        <translation>La nomenclature comporte {count} problème(s)</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="82"/>
        <source>The area is not a readable WKT polygon</source>
        <translation>L’emprise n’est pas un polygone WKT lisible</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="86"/>
        <source>The area must be a polygon, not {kind}</source>
        <translation>L’emprise doit être un polygone, pas {kind}</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="96"/>
        <source>Unknown descriptor set {name}; known sets: {known}</source>
        <translation>Jeu de descripteurs inconnu : {name} ; jeux connus : {known}</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="107"/>
        <source>Descriptor set {name} applies to no class of this nomenclature (map classes to CLC+ Backbone classes, or choose no descriptor set)</source>
        <translation>Le jeu de descripteurs {name} ne s’applique à aucune classe de cette nomenclature (faites correspondre les classes à des classes CLC+ Backbone, ou ne choisissez aucun jeu de descripteurs)</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="166"/>
        <source>A pack file name must end with .gpkg: {path}</source>
        <translation>Le nom d’un fichier de lot doit se terminer par .gpkg : {path}</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="168"/>
        <source>{path} already exists</source>
        <translation>{path} existe déjà</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="170"/>
        <source>Unknown coordinate reference system {crs}</source>
        <translation>Système de coordonnées de référence inconnu : {crs}</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="174"/>
        <source>The pack file {path} could not be written</source>
        <translation>Le fichier de lot {path} n’a pas pu être écrit</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="191"/>
        <source>{path} is not a readable pack file</source>
        <translation>{path} n’est pas un fichier de lot lisible</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="211"/>
        <source>Only a GeoPackage pack can be updated in place</source>
        <translation>Seul un lot GeoPackage peut être mis à jour sur place</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="220"/>
        <source>descriptor {key} has no column in the plots layer; create a new pack to add it</source>
        <translation>le descripteur {key} n’a pas de colonne dans la couche des placettes ; créez un nouveau lot pour l’ajouter</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="226"/>
        <source>The pack description has {count} problem(s)</source>
        <translation>La description du lot comporte {count} problème(s)</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="235"/>
        <source>The pack file {path} could not be updated</source>
        <translation>Le fichier de lot {path} n’a pas pu être mis à jour</translation>
    </message>
    <message>
        <location filename="../core/pack_file.py" line="247"/>
        <source>no readable 'plots' layer</source>
        <translation>pas de couche « plots » lisible</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="80"/>
        <source>Copernicus Data Space needs an account: choose its authentication.</source>
        <translation>Copernicus Data Space demande un compte : choisissez son authentification.</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="92"/>
        <source>The area must be four numbers</source>
        <translation>La zone doit être quatre nombres</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="94"/>
        <source>The area must be a non-empty longitude/latitude box</source>
        <translation>La zone doit être un rectangle longitude/latitude non vide</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="100"/>
        <source>The end date is before the start date</source>
        <translation>La date de fin précède la date de début</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="102"/>
        <source>Sentinel-2 data start on 2015-06-23</source>
        <translation>Les données Sentinel-2 commencent le 2015-06-23</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="138"/>
        <source>The authentication configuration {id} cannot be read</source>
        <translation>La configuration d'authentification {id} ne peut pas être lue</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="138"/>
        <source>Unlock the QGIS authentication database (master password) and retry.</source>
        <translation>Déverrouillez la base d'authentification de QGIS (mot de passe principal) et réessayez.</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="144"/>
        <source>The authentication configuration {id} has no password or token</source>
        <translation>La configuration d'authentification {id} n'a ni mot de passe ni jeton</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="183"/>
        <source>Searching Sentinel-2 scenes</source>
        <translation>Recherche de scènes Sentinel-2</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="198"/>
        <source>Unknown catalogue {name}</source>
        <translation>Catalogue inconnu : {name}</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="204"/>
        <source>The search is not valid</source>
        <translation>La recherche n’est pas valide</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="284"/>
        <source>Building Sentinel-2 stack {name}</source>
        <translation>Construction de la pile Sentinel-2 {name}</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="293"/>
        <source>Choose at least one scene</source>
        <translation>Choisissez au moins une scène</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="295"/>
        <source>Unknown composite {name}</source>
        <translation>Composite inconnu : {name}</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="297"/>
        <source>Choose an output file</source>
        <translation>Choisissez un fichier de sortie</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="325"/>
        <source>The stack could not be written to {path}</source>
        <translation>La pile n'a pas pu être écrite dans {path}</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="341"/>
        <source>The stack {path} cannot be read</source>
        <translation>La pile {path} ne peut pas être lue</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="390"/>
        <source>Unknown product kind {kind}</source>
        <translation>Type de produit inconnu : {kind}</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="406"/>
        <source>{path} cannot be read as a Sentinel-2 product</source>
        <translation>{path} ne peut pas être lu comme un produit Sentinel-2</translation>
    </message>
    <message>
        <location filename="../core/s2_tasks.py" line="495"/>
        <source>QGIS cannot open {path}</source>
        <translation>QGIS ne peut pas ouvrir {path}</translation>
    </message>
    <message>
        <location filename="../core/task_base.py" line="88"/>
        <source>The task ended without a result</source>
        <translation>La tâche s’est terminée sans résultat</translation>
    </message>
    <message>
        <location filename="../core/task_base.py" line="114"/>
        <source>The task could not be started</source>
        <translation>La tâche n’a pas pu être lancée</translation>
    </message>
    <message>
        <location filename="../core/task_base.py" line="128"/>
        <source>The task did not finish within {seconds} s</source>
        <translation>La tâche ne s’est pas terminée en {seconds} s</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="104"/>
        <source>Publishing {name}</source>
        <translation>Publication de {name}</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="110"/>
        <source>The pack file {path} does not exist</source>
        <translation>Le fichier de lot {path} n’existe pas</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="121"/>
        <source>No API token: add yours in the plugin settings</source>
        <translation>Aucun jeton d’API : ajoutez le vôtre dans les paramètres de l’extension</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="145"/>
        <source>The server's answer is not the one expected</source>
        <translation>La réponse du serveur n’est pas celle attendue</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="175"/>
        <source>The search area must be four numbers</source>
        <translation>La zone de recherche doit être donnée par quatre nombres</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="177"/>
        <source>The search area must be a longitude/latitude box with min &lt;= max</source>
        <translation>La zone de recherche doit être un rectangle en longitude/latitude avec min &lt;= max</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="188"/>
        <source>Searching packs</source>
        <translation>Recherche de lots</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="233"/>
        <source>The server did not send a GeoPackage</source>
        <translation>Le serveur n’a pas envoyé de GeoPackage</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="241"/>
        <source>Downloading pack {pack_id}</source>
        <translation>Téléchargement du lot {pack_id}</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="266"/>
        <source>The pack could not be saved to {path}</source>
        <translation>Le lot n’a pas pu être enregistré dans {path}</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="68"/>
        <source>Any</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="70"/>
        <source>{level} or better</source>
        <translation>{level} ou mieux</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="73"/>
        <source>any</source>
        <translation>toutes</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="110"/>
        <source>Searching…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="126"/>
        <source>The search failed.</source>
        <translation>La recherche a échoué.</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="139"/>
        <source>{shown} of {total} packs shown: zoom in or add filters to see the others.</source>
        <translation>{shown} lots affichés sur {total} : zoomez ou ajoutez des filtres pour voir les autres.</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="143"/>
        <source>{n} pack(s).</source>
        <translation>{n} lot(s).</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="175"/>
        <source>v{local}, newer version available</source>
        <translation>v{local}, version plus récente disponible</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="177"/>
        <source>v{local}, up to date</source>
        <translation>v{local}, à jour</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="211"/>
        <source>Download</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="213"/>
        <source>Update to version {v}</source>
        <translation>Mettre à jour vers la version {v}</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="215"/>
        <source>Open local copy</source>
        <translation>Ouvrir la copie locale</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="268"/>
        <source>{title} (v{version})</source>
        <translation>{title} (v{version})</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="272"/>
        <source>Pack opened</source>
        <translation>Lot ouvert</translation>
    </message>
    <message>
        <location filename="../gui/browse_dock.py" line="272"/>
        <source>{title}, version {version}: {path}</source>
        <translation>{title}, version {version} : {path}</translation>
    </message>
    <message>
        <location filename="../gui/inference_dependencies.py" line="43"/>
        <source>Install</source>
        <translation>Installer</translation>
    </message>
    <message>
        <location filename="../gui/inference_dependencies.py" line="62"/>
        <source>No Python interpreter of QGIS was found to install {packages}</source>
        <translation>Aucun interpréteur Python de QGIS trouvé pour installer {packages}</translation>
    </message>
    <message>
        <location filename="../gui/inference_dependencies.py" line="62"/>
        <source>Run this in a terminal with QGIS's Python (OSGeo4W Shell on Windows):</source>
        <translation>Lancez ceci dans un terminal avec le Python de QGIS (OSGeo4W Shell sous Windows) :</translation>
    </message>
    <message>
        <location filename="../gui/inference_dependencies.py" line="75"/>
        <source>The installation is running.</source>
        <translation>L'installation est en cours.</translation>
    </message>
    <message>
        <location filename="../gui/inference_dependencies.py" line="83"/>
        <source>Installing {packages} into {folder}…</source>
        <translation>Installation de {packages} dans {folder}…</translation>
    </message>
    <message>
        <location filename="../gui/inference_dependencies.py" line="97"/>
        <source>Model dependencies</source>
        <translation>Dépendances du modèle</translation>
    </message>
    <message>
        <location filename="../gui/inference_dependencies.py" line="99"/>
        <source>Installation canceled.</source>
        <translation>Installation annulée.</translation>
    </message>
    <message>
        <location filename="../gui/inference_dependencies.py" line="102"/>
        <source>Installation failed</source>
        <translation>L'installation a échoué</translation>
    </message>
    <message>
        <location filename="../gui/inference_dependencies.py" line="106"/>
        <source>Installed, but not importable yet: restart QGIS.</source>
        <translation>Installé, mais pas encore importable : redémarrez QGIS.</translation>
    </message>
    <message>
        <location filename="../gui/inference_dependencies.py" line="112"/>
        <source>Show output</source>
        <translation>Afficher la sortie</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="70"/>
        <source>ONNX models (*.onnx)</source>
        <translation>Modèles ONNX (*.onnx)</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="88"/>
        <source>This model cannot be used: {error}</source>
        <translation>Ce modèle est inutilisable : {error}</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="90"/>
        <source>{name} {version} ({level}, {bands}): {note}</source>
        <translation>{name} {version} ({level}, {bands}) : {note}</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="104"/>
        <source>Choose a Sentinel-2 raster layer</source>
        <translation>Choisissez une couche raster Sentinel-2</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="106"/>
        <source>{name} is not a raster file</source>
        <translation>{name} n'est pas un fichier raster</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="109"/>
        <source>Choose a model file (.onnx)</source>
        <translation>Choisissez un fichier de modèle (.onnx)</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="112"/>
        <source>Choose an output folder</source>
        <translation>Choisissez un dossier de sortie</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="132"/>
        <source>The map extent does not overlap {name}</source>
        <translation>L'emprise de la carte ne recouvre pas {name}</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="163"/>
        <source>{model} ran on {provider} in {seconds:.0f} s. Model card: {note}</source>
        <translation>{model} s'est exécuté sur {provider} en {seconds:.0f} s. Fiche du modèle : {note}</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="163"/>
        <source>(no description)</source>
        <translation>(pas de description)</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="170"/>
        <source>Warnings: {warnings}</source>
        <translation>Avertissements : {warnings}</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="213"/>
        <source>Map sealed surfaces</source>
        <translation>Cartographier les surfaces imperméabilisées</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="213"/>
        <source>Canceled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="215"/>
        <source>Mapping sealed surfaces failed</source>
        <translation>La cartographie des surfaces imperméabilisées a échoué</translation>
    </message>
    <message>
        <location filename="../gui/inference_dialog.py" line="222"/>
        <source>Sealed surfaces mapped</source>
        <translation>Surfaces imperméabilisées cartographiées</translation>
    </message>
    <message>
        <location filename="../gui/layers.py" line="83"/>
        <source>The pack area is empty</source>
        <translation>L’emprise du lot est vide</translation>
    </message>
    <message>
        <location filename="../gui/layers.py" line="83"/>
        <source>Choose a map extent or a layer with features.</source>
        <translation>Choisissez l’emprise de la carte ou une couche contenant des entités.</translation>
    </message>
    <message>
        <location filename="../gui/manifest_form.py" line="39"/>
        <source>Field survey</source>
        <translation>Relevé de terrain</translation>
    </message>
    <message>
        <location filename="../gui/manifest_form.py" line="40"/>
        <source>Field survey with photos</source>
        <translation>Relevé de terrain avec photos</translation>
    </message>
    <message>
        <location filename="../gui/manifest_form.py" line="41"/>
        <source>Very-high-resolution photo-interpretation</source>
        <translation>Photo-interprétation à très haute résolution</translation>
    </message>
    <message>
        <location filename="../gui/manifest_form.py" line="42"/>
        <source>Sentinel-2 interpretation</source>
        <translation>Interprétation d’images Sentinel-2</translation>
    </message>
    <message>
        <location filename="../gui/manifest_form.py" line="49"/>
        <source>Expert</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../gui/manifest_form.py" line="50"/>
        <source>Professional</source>
        <translation>Professionnel</translation>
    </message>
    <message>
        <location filename="../gui/manifest_form.py" line="51"/>
        <source>Student</source>
        <translation>Étudiant</translation>
    </message>
    <message>
        <location filename="../gui/manifest_form.py" line="52"/>
        <source>Volunteer</source>
        <translation>Bénévole</translation>
    </message>
    <message>
        <location filename="../gui/messages.py" line="50"/>
        <source>Unexpected error (a bug)</source>
        <translation>Erreur inattendue (un bogue)</translation>
    </message>
    <message>
        <location filename="../gui/messages.py" line="54"/>
        <source>Please report this bug with the log below.</source>
        <translation>Merci de signaler ce bogue en joignant le journal ci-dessous.</translation>
    </message>
    <message>
        <location filename="../gui/messages.py" line="68"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../gui/messages.py" line="79"/>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="128"/>
        <source>{name} (bundled)</source>
        <translation>{name} (intégrée)</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="130"/>
        <source>Custom classes (table below)</source>
        <translation>Classes personnalisées (tableau ci-dessous)</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="133"/>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="143"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="144"/>
        <source>Save the new pack as</source>
        <translation>Enregistrer le nouveau lot sous</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="160"/>
        <source>Edit pack manifest</source>
        <translation>Modifier le manifeste du lot</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="168"/>
        <source>The pack's nomenclature: {name}</source>
        <translation>La nomenclature du lot : {name}</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="174"/>
        <source>Keep the pack's descriptors</source>
        <translation>Conserver les descripteurs du lot</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="282"/>
        <source>Custom classes</source>
        <translation>Classes personnalisées</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="313"/>
        <source>Fetching nomenclatures</source>
        <translation>Récupération des nomenclatures</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="337"/>
        <source>{name} (server)</source>
        <translation>{name} (serveur)</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="339"/>
        <source>Nomenclatures</source>
        <translation>Nomenclatures</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="339"/>
        <source>{n} fetched from the server</source>
        <translation>{n} récupérée(s) depuis le serveur</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="361"/>
        <source>Choose the layer whose extent is the pack area</source>
        <translation>Choisissez la couche dont l’emprise sera celle du lot</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="375"/>
        <source>The area stays as it is in the pack.</source>
        <translation>L’emprise reste celle du lot.</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="378"/>
        <source>Longitude {x0:.5f} to {x1:.5f}, latitude {y0:.5f} to {y1:.5f}</source>
        <translation>Longitude de {x0:.5f} à {x1:.5f}, latitude de {y0:.5f} à {y1:.5f}</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="390"/>
        <source>Choose where to save the pack file</source>
        <translation>Choisissez où enregistrer le fichier du lot</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="390"/>
        <source>Pack file: a new GeoPackage (.gpkg).</source>
        <translation>Fichier du lot : un nouveau GeoPackage (.gpkg).</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="442"/>
        <source>This file is open in the project</source>
        <translation>Ce fichier est ouvert dans le projet</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="442"/>
        <source>Choose another file name, or remove its layers first.</source>
        <translation>Choisissez un autre nom de fichier, ou retirez d’abord ses couches du projet.</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="446"/>
        <source>{path} exists. Replace it with an empty pack?</source>
        <translation>{path} existe. Le remplacer par un lot vide ?</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="447"/>
        <source>Replace the file?</source>
        <translation>Remplacer le fichier ?</translation>
    </message>
    <message>
        <location filename="../gui/new_pack_dialog.py" line="448"/>
        <source>Choose another file name</source>
        <translation>Choisissez un autre nom de fichier</translation>
    </message>
    <message>
        <location filename="../gui/problem_rows.py" line="29"/>
        <source>Invalid</source>
        <translation>Invalides</translation>
    </message>
    <message>
        <location filename="../gui/problem_rows.py" line="30"/>
        <source>Too small</source>
        <translation>Trop petites</translation>
    </message>
    <message>
        <location filename="../gui/problem_rows.py" line="31"/>
        <source>Overlapping</source>
        <translation>Superposées</translation>
    </message>
    <message>
        <location filename="../gui/problem_rows.py" line="32"/>
        <source>Outside the pack area</source>
        <translation>Hors de l’emprise du lot</translation>
    </message>
    <message>
        <location filename="../gui/problem_rows.py" line="33"/>
        <source>Incomplete</source>
        <translation>Incomplètes</translation>
    </message>
    <message>
        <location filename="../gui/problem_rows.py" line="34"/>
        <source>Pack and manifest</source>
        <translation>Lot et manifeste</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="105"/>
        <source>Choose a pack layer to publish</source>
        <translation>Choisissez une couche de lot à publier</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="105"/>
        <source>The active layer is not a Vérité Terrain pack.</source>
        <translation>La couche active n’est pas un lot Vérité Terrain.</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="114"/>
        <source>This pack is being published already.</source>
        <translation>Ce lot est déjà en cours de publication.</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="121"/>
        <source>Already published</source>
        <translation>Déjà publié</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="121"/>
        <source>This file was published as pack {pack_id}. Publish it as a new version of that pack, or as a new pack?</source>
        <translation>Ce fichier a été publié comme lot {pack_id}. Le publier comme nouvelle version de ce lot, ou comme nouveau lot ?</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="121"/>
        <source>New version</source>
        <translation>Nouvelle version</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="121"/>
        <source>New pack</source>
        <translation>Nouveau lot</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="139"/>
        <source>Unsaved edits</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="139"/>
        <source>Layer {name} has unsaved edits. Only saved plots are published: save the edits first?</source>
        <translation>La couche {name} a des modifications non enregistrées. Seules les placettes enregistrées sont publiées : enregistrer d’abord les modifications ?</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="139"/>
        <source>Save and publish</source>
        <translation>Enregistrer et publier</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="150"/>
        <source>The edits could not be saved</source>
        <translation>Les modifications n’ont pas pu être enregistrées</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="168"/>
        <source>Pack published: version {version}</source>
        <translation>Lot publié : version {version}</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="170"/>
        <source>Already published (same file): version {version}</source>
        <translation>Déjà publié (même fichier) : version {version}</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="173"/>
        <source>quality level {level} (score {score}), {link}</source>
        <translation>niveau de qualité {level} (score {score}), {link}</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="181"/>
        <source>Publishing canceled.</source>
        <translation>Publication annulée.</translation>
    </message>
    <message>
        <location filename="../gui/publish.py" line="202"/>
        <source>Publishing failed</source>
        <translation>La publication a échoué</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="77"/>
        <source>Earth Search (Element 84, AWS): L2A, no account</source>
        <translation>Earth Search (Element 84, AWS) : L2A, sans compte</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="78"/>
        <source>Copernicus Data Space Ecosystem: account or token</source>
        <translation>Copernicus Data Space Ecosystem : compte ou jeton</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="79"/>
        <source>Microsoft Planetary Computer: L2A, no account</source>
        <translation>Microsoft Planetary Computer : L2A, sans compte</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="80"/>
        <source>Another STAC API (URL)</source>
        <translation>Une autre API STAC (URL)</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="149"/>
        <source>The best scene (or the first one selected)</source>
        <translation>La meilleure scène (ou la première sélectionnée)</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="150"/>
        <source>Median of the selected scenes (default: the {n} best)</source>
        <translation>Médiane des scènes sélectionnées (par défaut : les {n} meilleures)</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="157"/>
        <source>GeoTIFF (*.tif)</source>
        <translation>GeoTIFF (*.tif)</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="158"/>
        <source>Default: a new file in {folder}</source>
        <translation>Par défaut : un nouveau fichier dans {folder}</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="162"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="162"/>
        <source>Scene</source>
        <translation>Scène</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="162"/>
        <source>Scene cloud (%)</source>
        <translation>Nuages de la scène (%)</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="162"/>
        <source>Area cloud (%)</source>
        <translation>Nuages sur la zone (%)</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="162"/>
        <source>Baseline</source>
        <translation>Version de traitement</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="198"/>
        <source>Lon {minx:.4f} to {maxx:.4f}, lat {miny:.4f} to {maxy:.4f} ({w:.1f} × {h:.1f} km)</source>
        <translation>Lon {minx:.4f} à {maxx:.4f}, lat {miny:.4f} à {maxy:.4f} ({w:.1f} × {h:.1f} km)</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="209"/>
        <source>Draw a rectangle on the map first</source>
        <translation>Dessinez d'abord un rectangle sur la carte</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="214"/>
        <source>Choose a layer</source>
        <translation>Choisissez une couche</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="219"/>
        <source>The area is empty</source>
        <translation>La zone est vide</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="305"/>
        <source>Search first, then choose the scenes to stack</source>
        <translation>Recherchez d'abord, puis choisissez les scènes à empiler</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="314"/>
        <source>The area is too large for a stack ({w:.0f} × {h:.0f} km)</source>
        <translation>La zone est trop grande pour une pile ({w:.0f} × {h:.0f} km)</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="314"/>
        <source>Zoom in or draw a smaller rectangle (at most {km:.0f} km a side).</source>
        <translation>Zoomez ou dessinez un rectangle plus petit ({km:.0f} km de côté au plus).</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="377"/>
        <source>Search canceled.</source>
        <translation>Recherche annulée.</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="406"/>
        <source>{count} scene(s) found in {url}, best first.</source>
        <translation>{count} scène(s) trouvée(s) dans {url}, la meilleure en premier.</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="443"/>
        <source>No quicklook</source>
        <translation>Pas d'aperçu</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="473"/>
        <source>Stack canceled; nothing was written.</source>
        <translation>Pile annulée ; rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="487"/>
        <source>Sentinel-2 stack added</source>
        <translation>Pile Sentinel-2 ajoutée</translation>
    </message>
    <message>
        <location filename="../gui/s2_dialog.py" line="487"/>
        <source>{path}: {level}, {dates}. Ready for Map sealed surfaces…</source>
        <translation>{path} : {level}, {dates}. Prête pour Cartographier les surfaces imperméabilisées…</translation>
    </message>
    <message>
        <location filename="../gui/settings_dialog.py" line="28"/>
        <source>The server URL must start with http:// or https://</source>
        <translation>L’URL du serveur doit commencer par http:// ou https://</translation>
    </message>
    <message>
        <location filename="../gui/settings_dialog.py" line="28"/>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <location filename="../gui/settings_dialog.py" line="44"/>
        <source>Default: inside the QGIS profile</source>
        <translation>Par défaut : dans le profil QGIS</translation>
    </message>
    <message>
        <location filename="../gui/settings_dialog.py" line="53"/>
        <source>A token is stored in the QGIS authentication database (configuration {id}).</source>
        <translation>Un jeton est enregistré dans la base d’authentification de QGIS (configuration {id}).</translation>
    </message>
    <message>
        <location filename="../gui/settings_dialog.py" line="57"/>
        <source>No token stored: publishing needs one.</source>
        <translation>Aucun jeton enregistré : il en faut un pour publier.</translation>
    </message>
    <message>
        <location filename="../gui/settings_dialog.py" line="111"/>
        <source>Logging in to Vérité Terrain</source>
        <translation>Connexion à Vérité Terrain</translation>
    </message>
    <message>
        <location filename="../gui/settings_dialog.py" line="131"/>
        <source>The server returned no token</source>
        <translation>Le serveur n’a renvoyé aucun jeton</translation>
    </message>
    <message>
        <location filename="../gui/settings_dialog.py" line="137"/>
        <source>Logged in</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <location filename="../gui/settings_dialog.py" line="137"/>
        <source>The new token is stored.</source>
        <translation>Le nouveau jeton est enregistré.</translation>
    </message>
    <message>
        <location filename="../gui/validation_dock.py" line="58"/>
        <source>All problems</source>
        <translation>Tous les problèmes</translation>
    </message>
    <message>
        <location filename="../gui/validation_dock.py" line="97"/>
        <source>Choose a pack layer.</source>
        <translation>Choisissez une couche de lot.</translation>
    </message>
    <message>
        <location filename="../gui/validation_dock.py" line="99"/>
        <source>This layer is not a Vérité Terrain pack (no manifest in its GeoPackage).</source>
        <translation>Cette couche n’est pas un lot Vérité Terrain (pas de manifeste dans son GeoPackage).</translation>
    </message>
    <message>
        <location filename="../gui/validation_dock.py" line="101"/>
        <source>Not checked yet.</source>
        <translation>Pas encore vérifiée.</translation>
    </message>
    <message>
        <location filename="../gui/validation_dock.py" line="182"/>
        <source>No problems: the pack can be published.</source>
        <translation>Aucun problème : le lot peut être publié.</translation>
    </message>
    <message>
        <location filename="../gui/validation_dock.py" line="184"/>
        <source>{errors} error(s) to fix before publishing, {warnings} warning(s).</source>
        <translation>{errors} erreur(s) à corriger avant de publier, {warnings} avertissement(s).</translation>
    </message>
    <message>
        <location filename="../gui/validation_dock.py" line="188"/>
        <source>Publishable, with {warnings} warning(s).</source>
        <translation>Publiable, avec {warnings} avertissement(s).</translation>
    </message>
    <message>
        <location filename="../gui/validation_dock.py" line="237"/>
        <source>Zoom in to see the Sentinel-2 grid</source>
        <translation>Zoomez pour voir la grille Sentinel-2</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="51"/>
        <source>New pack…</source>
        <translation>Nouveau lot…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="58"/>
        <source>Edit pack manifest…</source>
        <translation>Modifier le manifeste du lot…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="64"/>
        <source>Check pack</source>
        <translation>Vérifier le lot</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="71"/>
        <source>Publish pack</source>
        <translation>Publier le lot</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="78"/>
        <source>Browse packs</source>
        <translation>Parcourir les lots</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="85"/>
        <source>Check a pack file…</source>
        <translation>Vérifier un fichier de lot…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="91"/>
        <source>Map sealed surfaces…</source>
        <translation>Cartographier les surfaces imperméabilisées…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="97"/>
        <source>Get Sentinel-2 for this area…</source>
        <translation>Obtenir Sentinel-2 pour cette zone…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="104"/>
        <source>Check model dependencies</source>
        <translation>Vérifier les dépendances du modèle</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="110"/>
        <source>Settings…</source>
        <translation>Paramètres…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="241"/>
        <source>Pack created: digitise plots in layer {name}, then check and publish.</source>
        <translation>Lot créé : numérisez les placettes dans la couche {name}, puis vérifiez et publiez.</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="256"/>
        <source>GeoPackage packs (*.gpkg)</source>
        <translation>Lots GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="271"/>
        <source>Vérité Terrain</source>
        <translation>Vérité Terrain</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="271"/>
        <source>Manifest saved in {path}</source>
        <translation>Manifeste enregistré dans {path}</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="323"/>
        <source>Pack file</source>
        <translation>Fichier de lot</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="323"/>
        <source>Packs (*.gpkg *.geojson *.json)</source>
        <translation>Lots (*.gpkg *.geojson *.json)</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="335"/>
        <source>Pack is publishable</source>
        <translation>Le lot est publiable</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="335"/>
        <source>Pack has problems</source>
        <translation>Le lot a des problèmes</translation>
    </message>
    <message>
        <location filename="../processing/common.py" line="40"/>
        <source>Sealed surfaces</source>
        <translation>Surfaces imperméabilisées</translation>
    </message>
    <message>
        <location filename="../processing/common.py" line="71"/>
        <source>{what}: {text!r} is not a list of whole numbers such as 1,2 or 253-255</source>
        <translation>{what} : {text!r} n'est pas une liste de nombres entiers comme 1,2 ou 253-255</translation>
    </message>
    <message>
        <location filename="../processing/common.py" line="82"/>
        <source>{what}: no raster layer given</source>
        <translation>{what} : aucune couche raster donnée</translation>
    </message>
    <message>
        <location filename="../processing/common.py" line="84"/>
        <source>{what}: {name} is not a raster file GDAL can read (provider {provider})</source>
        <translation>{what} : {name} n'est pas un fichier raster lisible par GDAL (fournisseur {provider})</translation>
    </message>
    <message>
        <location filename="../processing/common.py" line="98"/>
        <source>{what} has no coordinate reference system: set one first</source>
        <translation>{what} n'a pas de système de coordonnées de référence : définissez-en un d'abord</translation>
    </message>
    <message>
        <location filename="../processing/common.py" line="113"/>
        <source>The polygon layer</source>
        <translation>La couche de polygones</translation>
    </message>
    <message>
        <location filename="../processing/common.py" line="130"/>
        <source>Feature {fid} cannot be moved into the raster's CRS: skipped</source>
        <translation>L'entité {fid} ne peut pas être reprojetée dans le SCR du raster : ignorée</translation>
    </message>
    <message>
        <location filename="../processing/common.py" line="160"/>
        <source>The mask layer has no polygon</source>
        <translation>La couche de masque n'a aucun polygone</translation>
    </message>
    <message>
        <location filename="../processing/common.py" line="163"/>
        <source>The mask polygons cannot be merged (invalid geometry?)</source>
        <translation>Les polygones du masque ne peuvent pas être fusionnés (géométrie invalide ?)</translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="27"/>
        <source>Vérité Terrain: sealed surfaces from Sentinel-2</source>
        <translation>Vérité Terrain : surfaces imperméabilisées à partir de Sentinel-2</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="94"/>
        <source>Sentinel-2</source>
        <translation>Sentinel-2</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="100"/>
        <source>Area</source>
        <translation>Emprise</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="102"/>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="110"/>
        <source>To</source>
        <translation>Au</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="115"/>
        <source>Maximum cloud cover of a scene (%)</source>
        <translation>Couverture nuageuse maximale d'une scène (%)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="125"/>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="130"/>
        <source>Catalogue</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="130"/>
        <source>Earth Search (Element 84, AWS)</source>
        <translation>Earth Search (Element 84, AWS)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="130"/>
        <source>Copernicus Data Space Ecosystem (token)</source>
        <translation>Copernicus Data Space Ecosystem (jeton)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="130"/>
        <source>Microsoft Planetary Computer</source>
        <translation>Microsoft Planetary Computer</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="130"/>
        <source>Another STAC API (URL below)</source>
        <translation>Une autre API STAC (URL ci-dessous)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="144"/>
        <source>STAC API URL (for another catalogue)</source>
        <translation>URL de l'API STAC (pour un autre catalogue)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="147"/>
        <source>Token or account from the QGIS authentication database</source>
        <translation>Jeton ou compte de la base d'authentification de QGIS</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="152"/>
        <source>Or: token</source>
        <translation>Ou : jeton</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="153"/>
        <source>Scenes at most</source>
        <translation>Nombre maximal de scènes</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="174"/>
        <source>Give the STAC API URL (http:// or https://)</source>
        <translation>Indiquez l'URL de l'API STAC (http:// ou https://)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="198"/>
        <source>A date is missing</source>
        <translation>Une date manque</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="235"/>
        <source>Searching {url}</source>
        <translation>Recherche dans {url}</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="256"/>
        <source>Search Sentinel-2 scenes</source>
        <translation>Rechercher des scènes Sentinel-2</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="259"/>
        <source>Searches a STAC catalogue for Sentinel-2 scenes over an area and a date range, under a cloud limit, and writes their footprints with id, date, level, scene cloud cover, cloud cover over the area (from the scene classification, when ranked by area), processing baseline and quicklook URL. Scenes are ranked best first (attribute rank). Copernicus Data Space needs a token.</source>
        <translation>Recherche dans un catalogue STAC les scènes Sentinel-2 d'une zone et d'une période, sous un seuil de nuages, et écrit leurs emprises avec identifiant, date, niveau, couverture nuageuse de la scène, couverture nuageuse sur la zone (d'après la classification de scène, quand le classement se fait sur la zone), version de traitement et URL de l'aperçu. Les scènes sont classées de la meilleure à la moins bonne (attribut rank). Copernicus Data Space demande un jeton.</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="269"/>
        <source>Rank by cloud cover over the area (reads a small window)</source>
        <translation>Classer selon les nuages sur la zone (lit une petite fenêtre)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="275"/>
        <source>Sentinel-2 footprints</source>
        <translation>Emprises Sentinel-2</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="280"/>
        <source>Scenes found</source>
        <translation>Scènes trouvées</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="296"/>
        <source>No scene matches: widen the dates or raise the cloud limit</source>
        <translation>Aucune scène ne correspond : élargissez les dates ou relevez le seuil de nuages</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="312"/>
        <source>Build a Sentinel-2 stack</source>
        <translation>Construire une pile Sentinel-2</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="315"/>
        <source>Searches a STAC catalogue like 'Search Sentinel-2 scenes', then writes a 10 m GeoTIFF of the area with one band per Sentinel-2 band (named B02, B03…), ready for the segmentation model: the best scene (composite none, ranked by cloud cover over the area) or the median of the best scenes. Only the needed window of each band is downloaded; clouds and their shadows (scene classification) become no data when masking is on.</source>
        <translation>Recherche dans un catalogue STAC comme « Rechercher des scènes Sentinel-2 », puis écrit un GeoTIFF à 10 m de la zone avec une bande par bande Sentinel-2 (nommées B02, B03…), prêt pour le modèle de segmentation : la meilleure scène (composite none, classement selon les nuages sur la zone) ou la médiane des meilleures scènes. Seule la fenêtre utile de chaque bande est téléchargée ; les nuages et leurs ombres (classification de scène) deviennent des non-données quand le masquage est activé.</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="326"/>
        <source>Composite</source>
        <translation>Composite</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="326"/>
        <source>none: the best scene</source>
        <translation>aucun : la meilleure scène</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="326"/>
        <source>median of the best scenes</source>
        <translation>médiane des meilleures scènes</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="340"/>
        <source>Scenes in a median at most</source>
        <translation>Nombre maximal de scènes dans une médiane</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="351"/>
        <source>Cache folder for downloaded windows</source>
        <translation>Dossier de cache des fenêtres téléchargées</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="364"/>
        <source>Scenes used</source>
        <translation>Scènes utilisées</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="377"/>
        <source>No Sentinel-2 scene matches: widen the dates or raise the cloud limit</source>
        <translation>Aucune scène Sentinel-2 ne correspond : élargissez les dates ou relevez le seuil de nuages</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="384"/>
        <source>Scenes: {ids}</source>
        <translation>Scènes : {ids}</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="425"/>
        <source>Products (*.zip *.xml);;All files (*.*)</source>
        <translation>Produits (*.zip *.xml);;Tous les fichiers (*.*)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="434"/>
        <source>Or: the product folder</source>
        <translation>Ou : le dossier du produit</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="445"/>
        <source>Clouds and shadows as no data</source>
        <translation>Nuages et ombres en non-données</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="450"/>
        <source>Bands (default: B02…B12, ten bands)</source>
        <translation>Bandes (par défaut : B02…B12, dix bandes)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="455"/>
        <source>Sentinel-2 stack</source>
        <translation>Pile Sentinel-2</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="465"/>
        <source>Give the product: its file (.zip or .xml) or its folder</source>
        <translation>Indiquez le produit : son fichier (.zip ou .xml) ou son dossier</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="501"/>
        <source>Open a Sentinel-2 SAFE product as a stack</source>
        <translation>Ouvrir un produit Sentinel-2 SAFE comme pile</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="504"/>
        <source>SAFE product (.zip, or the MTD_MSI*.xml of a .SAFE folder)</source>
        <translation>Produit SAFE (.zip, ou le MTD_MSI*.xml d'un dossier .SAFE)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="507"/>
        <source>Writes a 10 m stack (bands named B02, B03…, ready for the model) from a Sentinel-2 L1C or L2A product in SAFE format: its .zip, its .SAFE folder or the MTD_MSI*.xml inside. 20 m bands are resampled to 10 m; for L2A, the scene classification masks clouds and shadows. The DN offset of the product's processing baseline is recorded in the stack.</source>
        <translation>Écrit une pile à 10 m (bandes nommées B02, B03…, prête pour le modèle) à partir d'un produit Sentinel-2 L1C ou L2A au format SAFE : son .zip, son dossier .SAFE ou le MTD_MSI*.xml qu'il contient. Les bandes à 20 m sont rééchantillonnées à 10 m ; en L2A, la classification de scène masque nuages et ombres. Le décalage des comptes numériques de la version de traitement du produit est inscrit dans la pile.</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="523"/>
        <source>Open a THEIA Sentinel-2 product as a stack</source>
        <translation>Ouvrir un produit Sentinel-2 THEIA comme pile</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="526"/>
        <source>THEIA L2A product (.zip, or the *_MTD_ALL.xml of its folder)</source>
        <translation>Produit THEIA L2A (.zip, ou le *_MTD_ALL.xml de son dossier)</translation>
    </message>
    <message>
        <location filename="../processing/s2_algorithms.py" line="529"/>
        <source>Writes a 10 m stack (bands named B02, B03…, ready for the model) from a THEIA (MAJA) Sentinel-2 L2A product: its .zip, its folder or the *_MTD_ALL.xml inside. Surface reflectance (FRE) bands are used; the cloud mask (CLM) and the edge mask (EDG) turn clouds, shadows and product edges into no data.</source>
        <translation>Écrit une pile à 10 m (bandes nommées B02, B03…, prête pour le modèle) à partir d'un produit Sentinel-2 L2A THEIA (MAJA) : son .zip, son dossier ou le *_MTD_ALL.xml qu'il contient. Les bandes de réflectance de surface (FRE) sont utilisées ; le masque de nuages (CLM) et le masque de bords (EDG) transforment nuages, ombres et bords du produit en non-données.</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="38"/>
        <source>Not sealed in both</source>
        <translation>Non imperméabilisé aux deux dates</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="39"/>
        <source>Gained: newly sealed</source>
        <translation>Gain : nouvellement imperméabilisé</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="40"/>
        <source>Lost: no longer sealed</source>
        <translation>Perte : plus imperméabilisé</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="41"/>
        <source>Sealed in both</source>
        <translation>Imperméabilisé aux deux dates</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="60"/>
        <source>Sealed change between two rasters</source>
        <translation>Évolution de l'imperméabilisation entre deux rasters</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="63"/>
        <source>Compares two sealed or class rasters (CLC+ Backbone 2018 and 2021, or a prediction and CLC+) and writes a change raster: 0 not sealed in both, 1 gained (newly sealed), 2 lost (no longer sealed), 3 sealed in both, 255 no data. The second raster is resampled (nearest) to the first one's grid when they differ. With polygons, also gives each polygon's gained_m2, lost_m2, stable_m2 (sealed in both), net_m2 (gained - lost) and valid_m2, with exact pixel fractions at the edges.</source>
        <translation>Compare deux rasters d'imperméabilisation ou de classes (CLC+ Backbone 2018 et 2021, ou une prédiction et CLC+) et écrit un raster d'évolution : 0 non imperméabilisé aux deux dates, 1 gain (nouvellement imperméabilisé), 2 perte (plus imperméabilisé), 3 imperméabilisé aux deux dates, 255 sans donnée. Le second raster est rééchantillonné (plus proche voisin) sur la grille du premier quand elles diffèrent. Avec des polygones, donne aussi pour chacun gained_m2, lost_m2, stable_m2 (imperméabilisé aux deux dates), net_m2 (gain - perte) et valid_m2, avec la fraction exacte des pixels en bordure.</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="76"/>
        <source>Values that are sealed before</source>
        <translation>Valeurs imperméabilisées avant</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="81"/>
        <source>Values that are sealed after</source>
        <translation>Valeurs imperméabilisées après</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="99"/>
        <source>Sealed change</source>
        <translation>Évolution de l'imperméabilisation</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="102"/>
        <source>Sealed change by polygon</source>
        <translation>Évolution de l'imperméabilisation par polygone</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="120"/>
        <source>Before</source>
        <translation>Avant</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="121"/>
        <source>After</source>
        <translation>Après</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="122"/>
        <source>The raster before</source>
        <translation>Le raster avant</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="123"/>
        <source>The raster after</source>
        <translation>Le raster après</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="125"/>
        <source>Sealed values before</source>
        <translation>Valeurs imperméabilisées avant</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="128"/>
        <source>Sealed values after</source>
        <translation>Valeurs imperméabilisées après</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="136"/>
        <source>Give at least one sealed value for each raster</source>
        <translation>Donnez au moins une valeur imperméabilisée pour chaque raster</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="145"/>
        <source>Sealed change by polygon needs polygons</source>
        <translation>L'évolution par polygone demande des polygones</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="147"/>
        <source>Polygons given but no output by polygon asked for</source>
        <translation>Polygones donnés, mais aucune sortie par polygone demandée</translation>
    </message>
    <message>
        <location filename="../processing/sealed_change.py" line="199"/>
        <source>The sealed change cannot be computed: {error}</source>
        <translation>L'évolution de l'imperméabilisation ne peut pas être calculée : {error}</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="62"/>
        <source>Imperviousness share by polygon</source>
        <translation>Taux d'imperméabilisation par polygone</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="65"/>
        <source>For each polygon, the sealed area of a class raster (CLC+ Backbone, where class 1 is sealed, or a model's class map): sealed_m2 (m²), sealed_pct (% of the polygon's valid area), valid_pct (% of the polygon covered by valid pixels) and zone_m2 (the polygon's area). Pixels cut by a polygon's edge count for the exact fraction of their area inside it. Polygons in another CRS than the raster are reprojected to it (with the project's transformations). Pixels with no data or an ignored value (CLC+: 253, 254, 255) are not valid. Attributes of the input are kept.</source>
        <translation>Pour chaque polygone, la surface imperméabilisée d'un raster de classes (CLC+ Backbone, où la classe 1 est imperméabilisée, ou la carte de classes d'un modèle) : sealed_m2 (m²), sealed_pct (% de la surface valide du polygone), valid_pct (% du polygone couvert de pixels valides) et zone_m2 (la surface du polygone). Les pixels coupés par le bord d'un polygone comptent pour la fraction exacte de leur surface à l'intérieur. Les polygones dans un autre SCR que le raster y sont reprojetés (avec les transformations du projet). Les pixels sans donnée ou de valeur ignorée (CLC+ : 253, 254, 255) ne sont pas valides. Les attributs de la couche d'entrée sont conservés.</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="77"/>
        <source>Polygons</source>
        <translation>Polygones</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="86"/>
        <source>Band</source>
        <translation>Bande</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="89"/>
        <source>Values that are sealed</source>
        <translation>Valeurs imperméabilisées</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="94"/>
        <source>Values that are not valid (no data)</source>
        <translation>Valeurs non valides (sans donnée)</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="102"/>
        <source>Sealed share</source>
        <translation>Taux d'imperméabilisation</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="115"/>
        <source>Sealed or class raster</source>
        <translation>Raster d'imperméabilisation ou de classes</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="116"/>
        <source>The raster</source>
        <translation>Le raster</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="119"/>
        <source>The raster has no band {band}</source>
        <translation>Le raster n'a pas de bande {band}</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="120"/>
        <source>Sealed values</source>
        <translation>Valeurs imperméabilisées</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="124"/>
        <source>Give at least one sealed value</source>
        <translation>Donnez au moins une valeur imperméabilisée</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="125"/>
        <source>Ignored values</source>
        <translation>Valeurs ignorées</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="129"/>
        <source>A value cannot be both sealed and ignored</source>
        <translation>Une valeur ne peut pas être à la fois imperméabilisée et ignorée</translation>
    </message>
    <message>
        <location filename="../processing/sealed_share.py" line="154"/>
        <source>The sealed share cannot be computed: {error}</source>
        <translation>Le taux d'imperméabilisation ne peut pas être calculé : {error}</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="77"/>
        <source>Segment sealed surfaces</source>
        <translation>Segmenter les surfaces imperméabilisées</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="80"/>
        <source>Runs a Vérité Terrain segmentation model (an ONNX file carrying its bands, scaling and classes) on a Sentinel-2 image and writes a class map with the model's colours, and optionally the probability of the sealed class (0-250, 250 = certain). The image is one of: a multi-band raster whose bands are named B02, B03... (or named in the advanced parameters), per-band files, or a Sentinel-2 SAFE product (folder, zip or its MTD xml file). Reflectance offsets follow the product's processing baseline unless set. The extent and the mask polygons limit the area mapped (outside the mask: no data). Needs onnxruntime: Plugins › Vérité Terrain › Check model dependencies. Read the model card's note in the log: the shipped model is a proxy trained on pseudo-labels.</source>
        <translation>Exécute un modèle de segmentation Vérité Terrain (un fichier ONNX qui porte ses bandes, sa mise à l'échelle et ses classes) sur une image Sentinel-2 et écrit une carte de classes aux couleurs du modèle et, en option, la probabilité de la classe imperméabilisée (0-250, 250 = certain). L'image est au choix : un raster multibande dont les bandes s'appellent B02, B03... (ou nommées dans les paramètres avancés), un fichier par bande, ou un produit Sentinel-2 SAFE (dossier, zip ou son fichier MTD xml). Le décalage de réflectance suit la version de traitement du produit sauf s'il est indiqué. L'emprise et les polygones de masque limitent la zone cartographiée (hors du masque : sans donnée). Nécessite onnxruntime : Extensions › Vérité Terrain › Vérifier les dépendances du modèle. Lisez la note de la fiche du modèle dans le journal : le modèle fourni est un modèle approché, entraîné sur des pseudo-étiquettes.</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="94"/>
        <source>Sentinel-2 image (bands named B02, B03…)</source>
        <translation>Image Sentinel-2 (bandes nommées B02, B03…)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="99"/>
        <source>Or: one file per band (names containing B02, B8A…)</source>
        <translation>Ou : un fichier par bande (noms contenant B02, B8A…)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="107"/>
        <source>Or: Sentinel-2 product (SAFE folder, .zip or MTD_MSI*.xml)</source>
        <translation>Ou : produit Sentinel-2 (dossier SAFE, .zip ou MTD_MSI*.xml)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="107"/>
        <source>Sentinel-2 products (*.zip *.xml);;All files (*.*)</source>
        <translation>Produits Sentinel-2 (*.zip *.xml);;Tous les fichiers (*.*)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="116"/>
        <source>Model (ONNX)</source>
        <translation>Modèle (ONNX)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="126"/>
        <source>Only this extent</source>
        <translation>Seulement cette emprise</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="129"/>
        <source>Only inside these polygons</source>
        <translation>Seulement dans ces polygones</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="137"/>
        <source>Tiles per batch</source>
        <translation>Tuiles par lot</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="148"/>
        <source>Band names in the raster's band order (when its bands are not named)</source>
        <translation>Noms des bandes dans l'ordre des bandes du raster (quand elles n'ont pas de nom)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="153"/>
        <source>Reflectance offset of the DN</source>
        <translation>Décalage de réflectance des comptes numériques</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="153"/>
        <source>From the product (processing baseline or metadata)</source>
        <translation>D'après le produit (version de traitement ou métadonnées)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="153"/>
        <source>0 (baseline before 04.00, before 2022-01-25)</source>
        <translation>0 (version de traitement antérieure à 04.00, avant le 2022-01-25)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="153"/>
        <source>-1000 (baseline 04.00 or later)</source>
        <translation>-1000 (version de traitement 04.00 ou ultérieure)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="164"/>
        <source>Product level</source>
        <translation>Niveau de produit</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="164"/>
        <source>From the product (name or metadata)</source>
        <translation>D'après le produit (nom ou métadonnées)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="164"/>
        <source>L1C (top of atmosphere)</source>
        <translation>L1C (sommet de l'atmosphère)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="164"/>
        <source>L2A (surface reflectance)</source>
        <translation>L2A (réflectance de surface)</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="179"/>
        <source>Class map</source>
        <translation>Carte de classes</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="182"/>
        <source>Sealed probability</source>
        <translation>Probabilité d'imperméabilisation</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="190"/>
        <source>Execution provider</source>
        <translation>Fournisseur d'exécution</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="191"/>
        <source>Model card note</source>
        <translation>Note de la fiche du modèle</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="192"/>
        <source>Tiles processed</source>
        <translation>Tuiles traitées</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="205"/>
        <source>Give exactly one image: a raster layer, per-band files or a Sentinel-2 product</source>
        <translation>Donnez exactement une image : une couche raster, un fichier par bande ou un produit Sentinel-2</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="213"/>
        <source>Sentinel-2 image</source>
        <translation>Image Sentinel-2</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="217"/>
        <source>Band files</source>
        <translation>Fichiers de bandes</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="222"/>
        <source>{path} does not exist</source>
        <translation>{path} n'existe pas</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="238"/>
        <source>No model: choose an ONNX model file</source>
        <translation>Aucun modèle : choisissez un fichier de modèle ONNX</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="241"/>
        <source>Install it with Plugins › Vérité Terrain › Check model dependencies.</source>
        <translation>Installez-le avec Extensions › Vérité Terrain › Vérifier les dépendances du modèle.</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="256"/>
        <source>Model: {name} {version}</source>
        <translation>Modèle : {name} {version}</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="273"/>
        <source>The image cannot be used with this model: {error}</source>
        <translation>L'image ne peut pas servir avec ce modèle : {error}</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="279"/>
        <source>The image</source>
        <translation>L'image</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="296"/>
        <source>Outputs are GeoTIFF files: {path} must end with .tif</source>
        <translation>Les sorties sont des fichiers GeoTIFF : {path} doit se terminer par .tif</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="314"/>
        <source>The model could not run on this image: {error}</source>
        <translation>Le modèle n'a pas pu s'exécuter sur cette image : {error}</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="320"/>
        <source>Canceled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <location filename="../processing/segment_sealed.py" line="322"/>
        <source>{tiles} tile(s), {width} x {height} px in {seconds:.1f} s on {provider}</source>
        <translation>{tiles} tuile(s), {width} x {height} px en {seconds:.1f} s sur {provider}</translation>
    </message>
</context>
</TS>
