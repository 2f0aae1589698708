"""French messages of the HTML pages, keyed by their English text (see `i18n.py`).

Also the reference names the pages show (CLC+ Backbone classes, the bundled
nomenclatures, quality components, methods, expertise levels, error titles). A pack's own
texts (title, class names, descriptions) are its authors' and are never translated.
"""

from __future__ import annotations

# fmt: off
FR: dict[str, str] = {
    # --- layout and shared blocks
    "Skip to content": "Aller au contenu",
    "Site": "Site",
    "Catalog": "Catalogue",
    "Contribute": "Contribuer",
    "Imperviousness dashboard": "Tableau de bord de l'imperméabilisation",
    "API documentation": "Documentation de l'API",
    "Language": "Langue",
    "Vérité Terrain – ground truth for Sentinel-2 land-cover mapping. Packs are published by their contributors under the licence each one states.":
        "Vérité Terrain – vérité terrain pour la cartographie de l'occupation du sol par Sentinel-2. Les paquets sont publiés par leurs contributeurs, sous la licence que chacun indique.",
    "Quality level {level}": "Niveau de qualité {level}",
    "Quality level": "Niveau de qualité",
    "Quality level not available": "Niveau de qualité non disponible",
    "not stated": "non indiqué",
    "This page does not exist: the pack or version may have been mistyped, or never published.":
        "Cette page n'existe pas : l'identifiant du paquet ou de la version est peut-être mal saisi, ou n'a jamais été publié.",
    "Back to the catalog": "Retour au catalogue",
    # error titles (server.errors)
    "Bad Request": "Requête incorrecte",
    "Unauthorized": "Non authentifié",
    "Forbidden": "Interdit",
    "Not Found": "Introuvable",
    "Conflict": "Conflit",
    "Payload Too Large": "Fichier trop volumineux",
    "Unsupported Media Type": "Type de contenu non pris en charge",
    "Validation Failed": "Validation échouée",
    "Internal Server Error": "Erreur interne du serveur",
    "Raster Unavailable": "Raster indisponible",

    # --- catalog
    "Invalid filter": "Filtre invalide",
    "Ground-truth packs": "Paquets de vérité terrain",
    "A pack is one area and one topic: Sentinel-2-scale plots (polygons of a few pixels to a few hectares) observed by field experts, professionals, students or volunteers, each with a land-cover class and descriptors. Every pack states its nomenclature (mapped to EAGLE and CLC+ Backbone), its observation method, its licence, and a quality score whose components are all shown.":
        "Un paquet, c'est une zone et un thème : des placettes à l'échelle de Sentinel-2 (polygones de quelques pixels à quelques hectares) observées par des experts de terrain, des professionnels, des étudiants ou des bénévoles, chacune avec une classe d'occupation du sol et des descripteurs. Chaque paquet indique sa nomenclature (mise en correspondance avec EAGLE et CLC+ Backbone), sa méthode d'observation, sa licence et un score de qualité dont toutes les composantes sont affichées.",
    "Download packs as GeoPackage, GeoJSON or STAC item, open them in QGIS through OGC API – Features, or use the REST API.":
        "Téléchargez les paquets en GeoPackage, en GeoJSON ou en item STAC, ouvrez-les dans QGIS par OGC API – Features, ou utilisez l'API REST.",
    "Packs follow the": "Les paquets suivent le",
    "pack JSON Schema": "schéma JSON des paquets",
    "How to contribute a pack": "Comment contribuer un paquet",
    "Search": "Rechercher",
    "Invalid filter:": "Filtre invalide :",
    "Place": "Lieu",
    "Looks up, on this server only (no online gazetteer), the names of registered boundary units (e.g. communes) and the titles of packs. Choosing a result fills the bounding box below.":
        "Cherche, sur ce serveur uniquement (aucun service de géocodage en ligne), les noms des unités administratives enregistrées (par exemple les communes) et les titres des paquets. Choisir un résultat remplit l'emprise ci-dessous.",
    "Text in title or description": "Texte du titre ou de la description",
    "Theme": "Thème",
    "e.g. forest-structure, urban-sealing": "par ex. forest-structure, urban-sealing",
    "Class code": "Code de classe",
    "A class code of the pack's own nomenclature": "Un code de classe de la nomenclature propre au paquet",
    "CLC+ Backbone class": "Classe CLC+ Backbone",
    "Any": "Toutes",
    "EAGLE code": "Code EAGLE",
    "e.g. LCC-2_1_1; also finds its sub-codes": "par ex. LCC-2_1_1 ; trouve aussi ses sous-codes",
    "Minimum quality level": "Niveau de qualité minimal",
    "or better": "ou mieux",
    "Licence (SPDX id)": "Licence (identifiant SPDX)",
    "Contributor or owner": "Contributeur ou propriétaire",
    "Observed from": "Observé à partir du",
    "Observed to": "Observé jusqu'au",
    "Bounding box": "Emprise",
    "min lon, min lat, max lon, max lat (WGS 84), e.g. 2.4,48.3,2.8,48.5":
        "lon min, lat min, lon max, lat max (WGS 84), par ex. 2.4,48.3,2.8,48.5",
    "Clear filters": "Effacer les filtres",
    "Map of footprints": "Carte des emprises",
    "The map needs JavaScript. Without it, filter by bounding box with the form above; every pack page gives its footprint.":
        "La carte nécessite JavaScript. Sans lui, filtrez par emprise avec le formulaire ci-dessus ; chaque page de paquet donne son emprise.",
    "Footprints of the packs on this page of results, on a plain background with a graticule (no online base map). Use the arrow keys to pan and + / − to zoom once the map has focus.":
        "Emprises des paquets de cette page de résultats, sur un fond uni avec un carroyage (aucun fond de carte en ligne). Une fois la carte sélectionnée, déplacez-vous avec les flèches et zoomez avec + et −.",
    "Search in this map view": "Rechercher dans cette vue de la carte",
    "Results": "Résultats",
    "Correct the filter above to see results.": "Corrigez le filtre ci-dessus pour voir les résultats.",
    "The results end at page {pages}; there is no page {page}.":
        "Les résultats s'arrêtent à la page {pages} ; il n'y a pas de page {page}.",
    "Go to the first page": "Aller à la première page",
    "No pack matches these filters. Remove some of them, or":
        "Aucun paquet ne correspond à ces filtres. Retirez-en quelques-uns, ou",
    "show all packs": "affichez tous les paquets",
    "No pack has been published yet. Publish one from QGIS with the Vérité Terrain plugin, or through the REST API.":
        "Aucun paquet n'a encore été publié. Publiez-en un depuis QGIS avec l'extension Vérité Terrain, ou par l'API REST.",
    "1 pack.": "1 paquet.",
    "{total} packs, showing {first}–{last}.": "{total} paquets, affichage de {first} à {last}.",
    "{total} packs.": "{total} paquets.",
    "Title": "Titre",
    "Quality": "Qualité",
    "Plots": "Placettes",
    "Licence": "Licence",
    "Owner": "Propriétaire",
    "Observed": "Observé",
    "Updated": "Mis à jour",
    "Pagination": "Pagination",
    "Previous page": "Page précédente",
    "Page {page} of {pages}": "Page {page} sur {pages}",
    "Next page": "Page suivante",

    # --- pack page
    "pack": "paquet",
    "Version": "Version",
    "version": "version",
    "published": "publiée le",
    "This is an older version.": "Ceci est une version antérieure.",
    "See the latest version ({number})": "Voir la dernière version ({number})",
    "On this page": "Sur cette page",
    "Area": "Zone",
    "About": "Description",
    "Nomenclature": "Nomenclature",
    "Descriptors": "Descripteurs",
    "Downloads": "Téléchargements",
    "Citation": "Citation",
    "Versions": "Versions",
    "Area and plots": "Zone et placettes",
    "Map of the pack area and its plots": "Carte de la zone du paquet et de ses placettes",
    "Footprint of the pack and outlines of its plots": "Emprise du paquet et contours de ses placettes",
    "Footprint (green), bounding box (dashed) and the first {shown} of {total} plots, coloured by class.":
        "Emprise (en vert), rectangle englobant (en tirets) et les {shown} premières placettes sur {total}, colorées selon leur classe.",
    "Footprint (green), bounding box (dashed) and {shown} plots, coloured by class.":
        "Emprise (en vert), rectangle englobant (en tirets) et {shown} placettes, colorées selon leur classe.",
    "Bounding box (WGS 84, lon/lat):": "Rectangle englobant (WGS 84, lon/lat) :",
    "About this pack": "À propos de ce paquet",
    "Method": "Méthode",
    "Observation period": "Période d'observation",
    "Positional accuracy": "Précision de positionnement",
    "Original CRS": "Système de coordonnées d'origine",
    "Contributors": "Contributeurs",
    "Name": "Nom",
    "Expertise level": "Niveau d'expertise",
    "Role": "Rôle",
    "Affiliation": "Organisme",
    "No contributor listed.": "Aucun contributeur indiqué.",
    "Sentinel-2 acquisitions": "Acquisitions Sentinel-2",
    "Date": "Date",
    "Level": "Niveau",
    "Cloud cover (%)": "Couverture nuageuse (%)",
    "Product id": "Identifiant du produit",
    "No Sentinel-2 acquisition listed.": "Aucune acquisition Sentinel-2 indiquée.",
    "EAGLE version": "version EAGLE",
    "Classes": "Classes",
    "Code": "Code",
    "EAGLE codes": "Codes EAGLE",
    "none": "aucun",
    "Bar chart: plots per class (the same numbers as the table above)":
        "Diagramme en barres : placettes par classe (les mêmes nombres que le tableau ci-dessus)",
    "Class distribution: number of plots per class of the pack's nomenclature.":
        "Répartition par classe : nombre de placettes pour chaque classe de la nomenclature du paquet.",
    "Descriptor schema": "Schéma des descripteurs",
    "Key": "Clé",
    "Label": "Libellé",
    "Type": "Type",
    "Unit": "Unité",
    "Range": "Plage",
    "Allowed values": "Valeurs permises",
    "Required": "Obligatoire",
    "For classes": "Pour les classes",
    "yes": "oui",
    "no": "non",
    "all": "toutes",
    "This pack declares no descriptors.": "Ce paquet ne déclare aucun descripteur.",
    "Score": "Score",
    "computed as": "calculé par",
    "Levels: A ≥ 80, B 65–80, C 50–65, D below 50.": "Niveaux : A ≥ 80, B 65–80, C 50–65, D en dessous de 50.",
    "How to raise a pack's level": "Comment améliorer le niveau d'un paquet",
    "Quality components": "Composantes de la qualité",
    "Component": "Composante",
    "Meaning": "Signification",
    "Weight": "Poids",
    "Value": "Valeur",
    "gate": "seuil",
    "not available": "non disponible",
    "No reference land-cover map covers this pack, so agreement (R) was not measured and the other weights were rescaled.":
        "Aucune carte d'occupation du sol de référence ne couvre ce paquet : l'accord (R) n'a pas été mesuré et les autres poids ont été remis à l'échelle.",
    "Bar chart: quality components from 0 to 1 (the same numbers as the table above)":
        "Diagramme en barres : composantes de la qualité de 0 à 1 (les mêmes nombres que le tableau ci-dessus)",
    "Quality breakdown: each component of the score, from 0 to 1; components that are not available are left out.":
        "Détail de la qualité : chaque composante du score, de 0 à 1 ; les composantes non disponibles sont omises.",
    "Plots per quality level": "Placettes par niveau de qualité",
    "1 plot": "1 placette",
    "{count} plots": "{count} placettes",
    "Bar chart: plots per quality level (the same numbers as the list above)":
        "Diagramme en barres : placettes par niveau de qualité (les mêmes nombres que la liste ci-dessus)",
    "Plots per quality level (A best, D worst).": "Placettes par niveau de qualité (A le meilleur, D le moins bon).",
    "Notes": "Remarques",
    "GeoPackage (with QGIS style and form)": "GeoPackage (avec style et formulaire QGIS)",
    "STAC item (JSON)": "Item STAC (JSON)",
    "Original uploaded file": "Fichier d'origine déposé",
    "Metadata (JSON)": "Métadonnées (JSON)",
    "Open in QGIS or any GIS": "Ouvrir dans QGIS ou tout autre SIG",
    "The plots are served through OGC API – Features:": "Les placettes sont diffusées par OGC API – Features :",
    "In QGIS, choose": "Dans QGIS, choisissez",
    "Layer › Add Layer › Add WFS / OGC API – Features Layer":
        "Couche › Ajouter une couche › Ajouter une couche WFS / OGC API – Entités",
    "create a connection with the URL": "créez une connexion avec l'URL",
    "connect, and pick this pack": "connectez-vous et choisissez ce paquet",
    "collection": "collection",
    "The OGC API serves the latest version.": "L'API OGC diffuse la dernière version.",
    "How to cite": "Comment citer",
    "Citation (select and copy)": "Citation (à sélectionner et copier)",
    "Published": "Publiée",
    "shown": "affichée",
    "original": "original",

    # the related Sentinel-2 acquisitions section (server/sentinel2)
    "Related Sentinel-2 acquisitions": "Acquisitions Sentinel-2 associées",
    "Found in the server's Sentinel-2 catalogue over this pack's area, near its observation dates, with the least cloud, best first.":
        "Trouvées dans le catalogue Sentinel-2 du serveur sur la zone de ce paquet, près de ses dates d'observation, les moins nuageuses d'abord.",
    "Dates searched: {start} to {end}.": "Dates recherchées : du {start} au {end}.",
    "Days from an observation": "Jours depuis une observation",
    "Processing baseline": "Version de traitement",
    "Product": "Produit",
    "The Sentinel-2 catalogue is being searched; reload the page in a moment.":
        "La recherche dans le catalogue Sentinel-2 est en cours ; rechargez la page dans un instant.",
    "The Sentinel-2 catalogue could not be searched for this version.":
        "Le catalogue Sentinel-2 n'a pas pu être interrogé pour cette version.",
    "No acquisition with little cloud was found near the observation dates.":
        "Aucune acquisition peu nuageuse n'a été trouvée près des dates d'observation.",
    "This version has not been looked up in the Sentinel-2 catalogue.":
        "Cette version n'a pas été recherchée dans le catalogue Sentinel-2.",
    "This server has no Sentinel-2 catalogue configured.":
        "Ce serveur n'a pas de catalogue Sentinel-2 configuré.",

    # --- contributor page
    "Contribute ground truth": "Contribuer de la vérité terrain",
    "Your field observations and photo-interpretations can train and check land-cover maps made from Sentinel-2. This page explains how to put them in the shared format, gives a template to start from, lists the recommended nomenclatures and says how the service scores quality.":
        "Vos observations de terrain et vos photo-interprétations peuvent entraîner et vérifier des cartes d'occupation du sol produites à partir de Sentinel-2. Cette page explique comment les mettre au format commun, fournit un modèle de départ, présente les nomenclatures recommandées et indique comment le service évalue la qualité.",
    "Formalise your data": "Formaliser vos données",
    "Template pack": "Paquet modèle",
    "Recommended nomenclatures": "Nomenclatures recommandées",
    "Quality levels": "Niveaux de qualité",
    "Formalise your data as a pack": "Formaliser vos données en paquet",
    "A pack is one area and one topic: a set of plots, each a polygon of land with a class and descriptors, and a manifest that says what they are, who observed them, how and when.":
        "Un paquet, c'est une zone et un thème : un ensemble de placettes, chacune un polygone de terrain avec une classe et des descripteurs, et un manifeste qui dit ce qu'elles sont, qui les a observées, comment et quand.",
    "Draw the plots: polygons of homogeneous land cover, from about 50 m × 50 m (a 900 m² core must remain after shrinking the plot by 10 m, about 3 × 3 Sentinel-2 pixels) to a few hectares, in any coordinate reference system as long as it is declared.":
        "Dessinez les placettes : des polygones d'occupation du sol homogène, d'environ 50 m × 50 m au minimum (il doit rester un cœur de 900 m² après avoir réduit la placette de 10 m, soit environ 3 × 3 pixels Sentinel-2) jusqu'à quelques hectares, dans n'importe quel système de coordonnées pourvu qu'il soit déclaré.",
    "Give each plot an identifier (plot_id), a class code (class_code) from the pack's nomenclature, its observation date (observed_on), the collector's name, and optional photo links and notes.":
        "Donnez à chaque placette un identifiant (plot_id), un code de classe (class_code) de la nomenclature du paquet, sa date d'observation (observed_on), le nom de la personne qui l'a relevée et, si vous le souhaitez, des liens vers des photos et des notes.",
    "Describe the plots with descriptors, the attributes your topic needs (for a forest: tree height class, % deciduous and % evergreen summing to 100, undergrowth type). Each descriptor has a key, a label, a type (category, integer, decimal, percent, boolean, date or text), a unit, a range or a list of allowed values, and says whether it is required.":
        "Décrivez les placettes avec des descripteurs, les attributs dont votre thème a besoin (pour une forêt : classe de hauteur des arbres, % de feuillus et % de sempervirents dont la somme fait 100, type de sous-bois). Chaque descripteur a une clé, un libellé, un type (catégorie, entier, décimal, pourcentage, booléen, date ou texte), une unité, une plage ou une liste de valeurs permises, et dit s'il est obligatoire.",
    "Write the manifest, described below.": "Rédigez le manifeste, décrit ci-dessous.",
    "Save the pack as a GeoPackage (plots layer, manifest, QGIS style and form) or as GeoJSON (a FeatureCollection with a manifest member).":
        "Enregistrez le paquet en GeoPackage (couche des placettes, manifeste, style et formulaire QGIS) ou en GeoJSON (une FeatureCollection avec un membre manifest).",
    "Check it offline with the QGIS plugin, which says which plot is wrong and why, then publish it from QGIS or with the REST API. Each new upload of a pack is a new version; older versions stay downloadable.":
        "Vérifiez-le hors ligne avec l'extension QGIS, qui indique quelle placette pose problème et pourquoi, puis publiez-le depuis QGIS ou par l'API REST. Chaque nouveau dépôt d'un paquet en crée une nouvelle version ; les versions précédentes restent téléchargeables.",
    "The manifest in plain words": "Le manifeste en clair",
    "Title, description, theme": "Titre, description, thème",
    "What was observed, where, how and why; the theme is a short lower-case word such as forest-structure, urban-sealing or wetlands.":
        "Ce qui a été observé, où, comment et pourquoi ; le thème est un mot court en minuscules comme forest-structure, urban-sealing ou wetlands.",
    "The footprint of the pack in longitude/latitude; every plot must lie inside it.":
        "L'emprise du paquet en longitude/latitude ; toutes les placettes doivent s'y trouver.",
    "An SPDX identifier such as CC-BY-4.0, CC0-1.0 or ODbL-1.0, or LicenseRef-… for documented custom terms.":
        "Un identifiant SPDX comme CC-BY-4.0, CC0-1.0 ou ODbL-1.0, ou LicenseRef-… pour des conditions propres documentées.",
    "The people who collected or digitised the plots, each with an expertise level: expert, professional, student or volunteer. Everyone may publish; the level weighs in the quality score.":
        "Les personnes qui ont relevé ou numérisé les placettes, chacune avec un niveau d'expertise : expert, professionnel, étudiant ou bénévole. Tout le monde peut publier ; le niveau pèse dans le score de qualité.",
    "Field visit, field visit with photos, photo-interpretation of very high resolution imagery, or interpretation of Sentinel-2 only.":
        "Visite de terrain, visite de terrain avec photos, photo-interprétation d'images à très haute résolution, ou interprétation de Sentinel-2 seul.",
    "Dates": "Dates",
    "The observation period, and the reference period the labels describe (for example the Sentinel-2 season they are meant to label), plus the related Sentinel-2 acquisitions if you know them.":
        "La période d'observation, et la période de référence que décrivent les étiquettes (par exemple la saison Sentinel-2 qu'elles doivent étiqueter), ainsi que les acquisitions Sentinel-2 associées si vous les connaissez.",
    "How precise the outlines are, in metres (GNSS, orthophoto digitising…).":
        "La précision des contours, en mètres (GNSS, numérisation sur orthophoto…).",
    "The pack's classes: a code, a name and a colour each, optionally mapped to EAGLE codes and to a CLC+ Backbone class. Start from a recommended nomenclature below.":
        "Les classes du paquet : chacune avec un code, un nom et une couleur, et si possible une correspondance avec des codes EAGLE et une classe CLC+ Backbone. Partez d'une nomenclature recommandée ci-dessous.",
    "The list of descriptors every plot carries, with the rules above; constraints can tie descriptors together (percentages that sum to 100).":
        "La liste des descripteurs que porte chaque placette, avec les règles ci-dessus ; des contraintes peuvent lier des descripteurs entre eux (des pourcentages dont la somme fait 100).",
    "The complete, technical description is the pack JSON Schema": "La description technique complète est le schéma JSON des paquets",
    "publishing through the API is described in the": "la publication par l'API est décrite dans la",
    "A minimal valid pack to start from: one 100 m square plot near Fontainebleau, the CLC+ Backbone nomenclature, no descriptors. Replace the title, area, contributors, dates and plots with yours; open the GeoPackage in QGIS to get the attribute form.":
        "Un paquet valide minimal pour commencer : une placette carrée de 100 m près de Fontainebleau, la nomenclature CLC+ Backbone, aucun descripteur. Remplacez le titre, la zone, les contributeurs, les dates et les placettes par les vôtres ; ouvrez le GeoPackage dans QGIS pour obtenir le formulaire de saisie.",
    "Template as GeoPackage (with QGIS form)": "Modèle en GeoPackage (avec formulaire QGIS)",
    "Template as GeoJSON": "Modèle en GeoJSON",
    "Use a bundled nomenclature as it is, or start from it and add your own classes. Mapping each class to EAGLE land-cover components (LCC-…) and characteristics (LCH-…), with the EAGLE version pinned, and to the CLC+ Backbone class it falls in lets packs from different people be compared, searched and used to train CLC+-like models.":
        "Utilisez une nomenclature fournie telle quelle, ou partez-en et ajoutez vos propres classes. Faire correspondre chaque classe à des composantes d'occupation du sol EAGLE (LCC-…) et à des caractéristiques (LCH-…), avec la version d'EAGLE fixée, ainsi qu'à la classe CLC+ Backbone dont elle relève, permet de comparer et de rechercher les paquets de différentes personnes, et de s'en servir pour entraîner des modèles de type CLC+.",
    "Machine-readable:": "Version lisible par machine :",
    "EAGLE land-cover components (LCC)": "Composantes d'occupation du sol EAGLE (LCC)",
    "EAGLE characteristics (LCH)": "Caractéristiques EAGLE (LCH)",
    "no single CLC+ class": "pas de classe CLC+ unique",
    "Quality levels and how to raise them": "Les niveaux de qualité et comment les améliorer",
    "Every plot gets a score from 0 to 100 and a pack's score is the mean of its plots. The components are stored and shown on every pack page, never a single opaque number:":
        "Chaque placette reçoit un score de 0 à 100 et le score d'un paquet est la moyenne de ses placettes. Les composantes sont conservées et affichées sur chaque page de paquet, jamais un nombre unique et opaque :",
    "and": "et",
    "The components": "Les composantes",
    "When no reference map covers a plot, R is left out and the other weights are rescaled so that they still add up to 1.":
        "Quand aucune carte de référence ne couvre une placette, R est omis et les autres poids sont remis à l'échelle pour que leur somme reste 1.",
    "Make every plot at least about 50 m × 50 m: a plot whose 10 m inward core is under 900 m² scores 0 and pulls the pack's mean down.":
        "Faites des placettes d'au moins 50 m × 50 m environ : une placette dont le cœur, réduit de 10 m, fait moins de 900 m² obtient 0 et fait baisser la moyenne du paquet.",
    "State positional accuracy honestly and keep it at 10 m or better: above 10 m every score is multiplied by 0.8.":
        "Indiquez honnêtement la précision de positionnement et gardez-la à 10 m ou mieux : au-delà de 10 m, chaque score est multiplié par 0,8.",
    "Give a reference period (or the Sentinel-2 acquisitions you label) and observe inside it; fill each plot's observation date. Without a reference period, timeliness is 0.5 for every plot.":
        "Donnez une période de référence (ou les acquisitions Sentinel-2 que vous étiquetez) et observez pendant cette période ; renseignez la date d'observation de chaque placette. Sans période de référence, l'actualité vaut 0,5 pour chaque placette.",
    "Fill every required descriptor on the plots it applies to.":
        "Renseignez chaque descripteur obligatoire sur les placettes auxquelles il s'applique.",
    "Name the collector of each plot exactly as in the contributors list: unattributed plots get the least expert contributor's prior.":
        "Nommez la personne qui a relevé chaque placette exactement comme dans la liste des contributeurs : les placettes non attribuées reçoivent l'a priori du contributeur le moins expert.",
    "Get your expertise verified by a reviewer (until then collector reliability is capped at the student prior, 0.80) and ask for reviews: each confirmed plot raises the reliability of your later uploads.":
        "Faites vérifier votre expertise par un relecteur (d'ici là, la fiabilité est plafonnée à l'a priori étudiant, 0,80) et demandez des relectures : chaque placette confirmée augmente la fiabilité de vos dépôts suivants.",
    "Declare the strongest method you actually used; put photos in the plots' photo links.":
        "Déclarez la méthode la plus solide que vous avez réellement utilisée ; mettez les photos dans les liens photo des placettes.",
    "Map classes to CLC+ only where they truly correspond, and place plots in homogeneous areas: agreement with the reference map counts the matching CLC+ pixels inside each plot.":
        "Ne faites correspondre une classe à CLC+ que lorsqu'elle y correspond vraiment, et placez les placettes dans des zones homogènes : l'accord avec la carte de référence compte les pixels CLC+ concordants à l'intérieur de chaque placette.",
    "Collector reliability prior (A)": "A priori de fiabilité de la personne (A)",
    "Prior": "A priori",
    "Observation method (M)": "Méthode d'observation (M)",

    # --- dashboard
    "Measure the sealed (impervious) surface of an area for each year a sealed-surface raster covers: the sealed area, its share of the area, what was gained and lost between two years, on a chart and on a change map. Every figure names the raster it comes from and that raster's caveats: CLC+ Backbone editions and model predictions are different maps, and a difference between them is not only real change.":
        "Mesurez la surface imperméabilisée d'une zone pour chaque année couverte par un raster des surfaces imperméables : la surface imperméabilisée, sa part de la zone, ce qui a été gagné et perdu entre deux années, sur un graphique et sur une carte des changements. Chaque chiffre indique le raster dont il provient et ses mises en garde : les éditions de CLC+ Backbone et les prédictions d'un modèle sont des cartes différentes, et une différence entre elles n'est pas seulement un changement réel.",
    "The map, the drawing tools and the charts of this dashboard need JavaScript, which is off or still loading. The same figures are available from the API: POST /api/v1/dashboard/analyze with a GeoJSON area, a pack id or a boundary unit.":
        "La carte, les outils de dessin et les graphiques de ce tableau de bord nécessitent JavaScript, qui est désactivé ou encore en cours de chargement. Les mêmes chiffres sont disponibles par l'API : POST /api/v1/dashboard/analyze avec une zone GeoJSON, un identifiant de paquet ou une unité administrative.",
    "1. Choose an area": "1. Choisir une zone",
    "How to choose the area": "Comment choisir la zone",
    "Draw": "Dessiner",
    "Upload": "Déposer",
    "Pack": "Paquet",
    "Boundary unit": "Unité administrative",
    "Rectangle: press the mouse button on one corner and drag to the opposite one. Polygon: click each vertex, then Finish. With the keyboard: focus the map, pan with the arrow keys, zoom with + and −, and press Enter to place a corner or vertex at the centre cross (Backspace removes the last one, Escape cancels).":
        "Rectangle : appuyez sur le bouton de la souris sur un coin et faites glisser jusqu'au coin opposé. Polygone : cliquez sur chaque sommet, puis sur Terminer. Au clavier : sélectionnez la carte, déplacez-vous avec les flèches, zoomez avec + et −, et appuyez sur Entrée pour placer un coin ou un sommet sur la croix centrale (Retour arrière retire le dernier, Échap annule).",
    "Draw a rectangle": "Dessiner un rectangle",
    "Draw a polygon": "Dessiner un polygone",
    "Add a point at the centre cross": "Ajouter un point sur la croix centrale",
    "Remove the last point": "Retirer le dernier point",
    "Finish": "Terminer",
    "Cancel": "Annuler",
    "Use this box": "Utiliser cette emprise",
    "GeoJSON or GeoPackage file": "Fichier GeoJSON ou GeoPackage",
    "Polygons in any CRS the file declares; several polygons are merged into one area.":
        "Des polygones dans le système de coordonnées que déclare le fichier ; plusieurs polygones sont fusionnés en une seule zone.",
    "Upload and use": "Déposer et utiliser",
    "Choose a pack": "Choisir un paquet",
    "The pack's area (footprint) is analysed.": "La zone (l'emprise) du paquet est analysée.",
    "Boundary layer": "Couche de limites",
    "No boundary layer registered": "Aucune couche de limites enregistrée",
    "Unit name or code": "Nom ou code de l'unité",
    "Searches the units registered on this server (no online gazetteer).":
        "Cherche parmi les unités enregistrées sur ce serveur (aucun service de géocodage en ligne).",
    "No area chosen yet.": "Aucune zone choisie pour l'instant.",
    "The area as GeoJSON": "La zone en GeoJSON",
    "2. Rasters": "2. Rasters",
    "CLC+ Backbone": "CLC+ Backbone",
    "model prediction": "prédiction d'un modèle",
    "No sealed-surface raster is registered on this server yet (operators: flask rasters add).":
        "Aucun raster des surfaces imperméables n'est encore enregistré sur ce serveur (exploitants : flask rasters add).",
    "Compute": "Calculer",
    "The map needs JavaScript.": "La carte nécessite JavaScript.",
    "Map overlay (server tiles)": "Surcouche de la carte (tuiles du serveur)",
    "None": "Aucune",
    "Legend": "Légende",
    "No online base map: the background is plain, with a graticule, the coverage of each raster (dashed) and, when a boundary layer is chosen, its units.":
        "Aucun fond de carte en ligne : le fond est uni, avec un carroyage, la couverture de chaque raster (en tirets) et, quand une couche de limites est choisie, ses unités.",
    "Sealed area per year": "Surface imperméabilisée par année",
    "Year": "Année",
    "Source raster": "Raster source",
    "Sealed area (ha)": "Surface imperméabilisée (ha)",
    "Sealed share of the observed area": "Part imperméabilisée de la surface observée",
    "Observed share of the area": "Part observée de la zone",
    "Caveat": "Mise en garde",
    "Chart of the sealed area and share per year (the same numbers as the table above)":
        "Graphique de la surface et de la part imperméabilisées par année (les mêmes nombres que le tableau ci-dessus)",
    "Change between two years": "Changement entre deux années",
    "From": "De",
    "To": "À",
    "Compare": "Comparer",
    "Show this change on the map": "Afficher ce changement sur la carte",
    "Gained (ha)": "Gagné (ha)",
    "Lost (ha)": "Perdu (ha)",
    "Stable sealed (ha)": "Imperméabilisé stable (ha)",
    "Net (ha)": "Bilan net (ha)",
    "Export": "Export",
    "Download CSV": "Télécharger en CSV",
    "Download GeoJSON": "Télécharger en GeoJSON",
    "Areas are in hectares (1 ha = 10,000 m²). The sealed share is the sealed area divided by the observed (valid) area: pixels without data, clouds or outside the raster are left out. Figures come from the rasters as registered; they are not checked against the ground here.":
        "Les surfaces sont en hectares (1 ha = 10 000 m²). La part imperméabilisée est la surface imperméabilisée divisée par la surface observée (valide) : les pixels sans donnée, nuageux ou hors du raster sont exclus. Les chiffres proviennent des rasters tels qu'ils ont été enregistrés ; ils ne sont pas vérifiés sur le terrain ici.",

    # --- reference names shown by the pages (presenters, verite_core.pack)
    "Collector reliability": "Fiabilité de la personne",
    "Reference agreement": "Accord avec la référence",
    "Observation method": "Méthode d'observation",
    "Timeliness": "Actualité",
    "Completeness": "Complétude",
    "Geometry gate": "Seuil géométrique",
    "Prior from each contributor's expertise level (expert 0.90, professional 0.85, student 0.80, volunteer 0.65), updated by the record on reviewed plots.":
        "A priori selon le niveau d'expertise de chaque contributeur (expert 0,90, professionnel 0,85, étudiant 0,80, bénévole 0,65), mis à jour par le bilan des placettes relues.",
    "Share of CLC+ Backbone pixels inside the plot (shrunk inward by 10 m) that match the plot's mapped CLC+ class.":
        "Part des pixels CLC+ Backbone à l'intérieur de la placette (réduite de 10 m) qui correspondent à la classe CLC+ associée à la placette.",
    "Field visit 1.0, field with photos 0.85, very high resolution photo-interpretation 0.75, Sentinel-2 only 0.55.":
        "Visite de terrain 1,0, terrain avec photos 0,85, photo-interprétation à très haute résolution 0,75, Sentinel-2 seul 0,55.",
    "How close the observations are to the reference period or Sentinel-2 acquisitions.":
        "Proximité des observations avec la période de référence ou les acquisitions Sentinel-2.",
    "Share of required descriptors that the plots fill in.":
        "Part des descripteurs obligatoires que les placettes renseignent.",
    "Multiplies the score: 0 for invalid, unlocated, outside or too small plots; 0.8 when positional accuracy is worse than 10 m; 1 otherwise.":
        "Multiplie le score : 0 pour les placettes invalides, sans localisation, hors de la zone ou trop petites ; 0,8 quand la précision de positionnement est moins bonne que 10 m ; 1 sinon.",
    "Field visit": "Visite de terrain",
    "Field visit with photos": "Visite de terrain avec photos",
    "Photo-interpretation of very high resolution imagery": "Photo-interprétation d'images à très haute résolution",
    "Interpretation of Sentinel-2 imagery only": "Interprétation d'images Sentinel-2 seules",
    "expert": "expert",
    "professional": "professionnel",
    "student": "étudiant",
    "volunteer": "bénévole",
    # CLC+ Backbone classes
    "Sealed": "Imperméabilisé",
    "Woody – needle leaved trees": "Ligneux – arbres à aiguilles",
    "Woody – Broadleaved deciduous trees": "Ligneux – feuillus caducs",
    "Woody – Broadleaved evergreen trees": "Ligneux – feuillus sempervirents",
    "Low-growing woody plants (bushes; shrubs)": "Ligneux bas (buissons ; arbustes)",
    "Permanent herbaceous": "Herbacé permanent",
    "Periodically herbaceous": "Herbacé périodique",
    "Lichens and mosses": "Lichens et mousses",
    "Non and sparsely vegetated": "Sans végétation ou végétation clairsemée",
    "Water": "Eau",
    "Snow and ice": "Neige et glace",
    # bundled nomenclatures
    "The 11 land-cover classes of the Copernicus CLC+ Backbone raster, with their EAGLE land-cover components and characteristics.":
        "Les 11 classes d'occupation du sol du raster Copernicus CLC+ Backbone, avec leurs composantes d'occupation du sol et leurs caractéristiques EAGLE.",
    "EAGLE-guided forest structure": "Structure forestière guidée par EAGLE",
    "Forest and woodland classes described with EAGLE land-cover components (LCC) and characteristics (LCH), each mapped to the CLC+ Backbone class it falls in. Mixed forest has no single CLC+ Backbone class (the Backbone separates needle-leaved, broadleaved deciduous and broadleaved evergreen trees), so it carries no CLC+ mapping.":
        "Classes de forêts et de formations boisées décrites par des composantes d'occupation du sol (LCC) et des caractéristiques (LCH) EAGLE, chacune associée à la classe CLC+ Backbone dont elle relève. La forêt mélangée n'a pas de classe CLC+ Backbone unique (le Backbone sépare les arbres à aiguilles, les feuillus caducs et les feuillus sempervirents) : elle n'a donc pas de correspondance CLC+.",
    "Needle-leaved forest": "Forêt de conifères",
    "Broadleaved deciduous forest": "Forêt de feuillus caducs",
    "Broadleaved evergreen forest": "Forêt de feuillus sempervirents",
    "Mixed forest": "Forêt mélangée",
    "Shrubland (bushes, shrubs)": "Fourrés (buissons, arbustes)",
    "Clear-cut / recently felled": "Coupe rase / récemment exploité",
    "Non-forest (other land cover)": "Non forestier (autre occupation du sol)",
}
# fmt: on
