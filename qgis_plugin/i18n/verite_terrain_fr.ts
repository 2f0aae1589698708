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
        <location filename="../core/task_base.py" line="66"/>
        <source>Canceled</source>
        <translation>Annulé</translation>
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
        <location filename="../gui/browse_dock.py" line="133"/>
        <source>Search canceled.</source>
        <translation>Recherche annulée.</translation>
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
        <location filename="../plugin.py" line="41"/>
        <source>New pack…</source>
        <translation>Nouveau lot…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="48"/>
        <source>Edit pack manifest…</source>
        <translation>Modifier le manifeste du lot…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="54"/>
        <source>Check pack</source>
        <translation>Vérifier le lot</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="61"/>
        <source>Publish pack</source>
        <translation>Publier le lot</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="68"/>
        <source>Browse packs</source>
        <translation>Parcourir les lots</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="75"/>
        <source>Check a pack file…</source>
        <translation>Vérifier un fichier de lot…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="81"/>
        <source>Settings…</source>
        <translation>Paramètres…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="189"/>
        <source>Pack created: digitise plots in layer {name}, then check and publish.</source>
        <translation>Lot créé : numérisez les placettes dans la couche {name}, puis vérifiez et publiez.</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="204"/>
        <source>GeoPackage packs (*.gpkg)</source>
        <translation>Lots GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="219"/>
        <source>Vérité Terrain</source>
        <translation>Vérité Terrain</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="219"/>
        <source>Manifest saved in {path}</source>
        <translation>Manifeste enregistré dans {path}</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="258"/>
        <source>Pack file</source>
        <translation>Fichier de lot</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="258"/>
        <source>Packs (*.gpkg *.geojson *.json)</source>
        <translation>Lots (*.gpkg *.geojson *.json)</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="270"/>
        <source>Pack is publishable</source>
        <translation>Le lot est publiable</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="270"/>
        <source>Pack has problems</source>
        <translation>Le lot a des problèmes</translation>
    </message>
</context>
</TS>
