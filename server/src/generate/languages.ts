/**
 * Specs written in other languages (about one in five real specs): the generator reads them
 * in English. The spec's language is told by its script (Chinese, Japanese) or its function
 * words; its text is then rendered word by word into English with a term list per language
 * (common data-model nouns and the small words the reader's patterns look for), and every
 * other word is transliterated (accents dropped), so `Categoría` becomes `category` and
 * `Giacenza` becomes `giacenza`, never `categor_a`. Romance "N1 de N2" becomes "N2 N1"
 * ("fecha de publicación" → "publication date"), as an English designer would name it.
 */

export type SpecLanguage = 'en' | 'es' | 'fr' | 'it' | 'pt' | 'de' | 'zh' | 'ja';

/** Function words that tell the languages apart. */
const FUNCTION_WORDS: Record<Exclude<SpecLanguage, 'zh' | 'ja'>, string[]> = {
  en: ['the', 'and', 'of', 'to', 'is', 'with', 'for', 'must', 'should', 'user', 'when', 'each'],
  es: ['el', 'la', 'los', 'las', 'de', 'del', 'y', 'que', 'para', 'con', 'debe', 'una', 'por'],
  fr: ['le', 'la', 'les', 'des', 'et', 'du', 'une', 'pour', 'avec', 'doit', 'est', 'dans'],
  it: ['il', 'lo', 'gli', 'della', 'delle', 'e', 'di', 'che', 'per', 'con', 'deve', 'una', 'sono'],
  de: ['der', 'die', 'das', 'und', 'ist', 'mit', 'für', 'ein', 'eine', 'muss', 'nicht', 'den'],
  pt: ['o', 'os', 'as', 'do', 'da', 'dos', 'e', 'que', 'para', 'com', 'deve', 'uma', 'não'],
};

/** The language the spec is mostly written in (code, inline code and fences ignored). */
export function specLanguage(text: string): SpecLanguage {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
  const kana = (prose.match(/[\u3040-\u30ff]/g) ?? []).length;
  const han = (prose.match(/[\u4e00-\u9fff]/g) ?? []).length;
  if (kana > 200) return 'ja';
  if (han > 400) return 'zh';
  const counts = new Map<string, number>();
  for (const word of prose.toLowerCase().match(/[a-zà-ÿ]+/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  let best: SpecLanguage = 'en';
  let bestScore = -1;
  for (const [language, list] of Object.entries(FUNCTION_WORDS)) {
    const score = list.reduce((sum, word) => sum + (counts.get(word) ?? 0), 0);
    if (score > bestScore) [best, bestScore] = [language as SpecLanguage, score];
  }
  return best;
}

/** Accents dropped: `Categoría` → `Categoria`, `größe` → `groesse`. */
export function transliterate(text: string): string {
  return text
    .replace(/ß/g, 'ss')
    .replace(/[äÄ]/g, (c) => (c === 'ä' ? 'ae' : 'Ae'))
    .replace(/[öÖ]/g, (c) => (c === 'ö' ? 'oe' : 'Oe'))
    .replace(/[üÜ]/g, (c) => (c === 'ü' ? 'ue' : 'Ue'))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/**
 * Term lists: `source=english` pairs, source written without accents (matching is done on the
 * transliterated, lower-case text); longer phrases win. An empty English side drops the word.
 */
const SHARED_ROMANCE = `
opcional=optional;opcionales=optional;opzionale=optional;opzionali=optional;facultatif=optional;facultative=optional;facultativo=optional;facultativa=optional;optionnel=optional;optionnelle=optional;solo=only;seulement=only;uniquement=only;somente=only;apenas=only;quand=when;quando=when;
id=id;identificador=identifier;identifiant=identifier;identificativo=identifier;email=email;e-mail=email;url=url;
`;

const TERMS: Record<string, string> = {
  es: `${SHARED_ROMANCE}
atributos clave=attributes;atributos=attributes;campos=fields;relaciones=relationships;relaciona=relationships;relacion=relationship;
pertenece a=belongs to;tiene=has;tienen=have;contiene=contains;incluye=includes;con=with;y=and;o=or;e=and;u=or;
de=of;del=of the;el=the;la=the;los=the;las=the;un=a;una=an;unos=some;unas=some;su=its;sus=its;al=to the;a=to;en=in;por=per;para=for;
nombre=name;nombres=names;apellido=last name;apellidos=last name;correo electronico=email;correo=email;telefono=phone;direccion=address;
ciudad=city;pais=country;moneda=currency;estado=status;estados=states;ciclo de vida=lifecycle;tipo=type;categoria=category;descripcion=description;fecha=date;fechas=dates;
hora=time;fecha/hora=timestamp;precio=price;precios=prices;monto=amount;importe=amount;cantidad=quantity;valor=value;total=total;
codigo=code;clave=key;contrasena=password;usuario=user;usuarios=users;persona usuaria=user;cliente=customer;clientes=customers;
propiedad=property;propiedades=properties;canal=channel;canales=channels;unidad=unit;unidades=units;tipo de unidad=unit type;
dia=day;dias=days;calendario=calendar;tarifa=rate;regla=rule;reglas=rules;promocion=promotion;promociones=promotions;reserva=booking;reservas=bookings;
evento=event;eventos=events;sugerencia=suggestion;sugerencias=suggestions;registro=log;auditoria=audit;configuracion=configuration;
conversacion=conversation;mensaje=message;mensajes=messages;rol=role;contenido=content;proveedor=provider;modelo=model;parametros=parameters;
presupuesto=budget;minimo=minimum;maximo=maximum;origen=origin;externo=external;activo=active;activa=active;inactivo=inactive;inactiva=inactive;
cadena=chain;cadenas=chains;farmacia=pharmacy;farmacias=pharmacies;carga=load;cargas=loads;fila=row;filas=rows;renglon=row;intento=attempt;
envio=dispatch;resultado=result;resultados=results;politica=policy;retencion=retention;producto=product;productos=products;archivo=file;
motivo=reason;razon=reason;notas=notes;nota=note;comentario=comment;comentarios=comments;inicio=start;fin=end;creacion=creation;
actualizacion=update;usuario que sube=uploader;empleado=employee;empresa=company;pedido=order;pedidos=orders;factura=invoice;pago=payment;pagos=payments;
cuenta=account;cuentas=accounts;tarea=task;tareas=tasks;proyecto=project;equipo=team;miembro=member;miembros=members;documento=document;
imagen=image;imagenes=images;foto=photo;fotos=photos;ubicacion=location;lugar=place;relevancia=relevance;justificacion=justification;
puntuacion=score;confianza=confidence;anterior=previous;nuevo=new;nueva=new;enlace=link;opcional=optional;obligatorio=required;unico=unique;unica=unique;
numero=number;stock=stock;a lo sumo=at most;cuando=when;si=if;aplica=applies;asignada=assigned;asignado=assigned;sugerido=suggested;vigencia=validity;condiciones=conditions;rango=range;inventario=inventory;existencias=stock;almacen=warehouse;
`,
  fr: `${SHARED_ROMANCE}
attributs cles=attributes;attributs=attributes;champs=fields;relations=relationships;relation=relationship;
appartient a=belongs to;ont=have;contient=contains;inclut=includes;avec=with;et=and;ou=or;
de=of;d=of;du=of the;des=of the;le=the;la=the;les=the;l=the;un=a;une=an;son=its;sa=its;ses=its;au=to the;aux=to the;en=in;par=per;pour=for;
nom=name;prenom=first name;nom de famille=last name;courriel=email;telephone=phone;adresse=address;ville=city;pays=country;devise=currency;
statut=status;statuts=statuses;etat=state;etats=states;cycle de vie=lifecycle;type=type;categorie=category;description=description;date=date;dates=dates;heure=time;prix=price;montant=amount;
quantite=quantity;valeur=value;code=code;cle=key;mot de passe=password;utilisateur=user;utilisateurs=users;personne=person;client=customer;
role=role;contenu=content;auteur=author;destinataire=recipient;lieu=location;photo=photo;photos=photos;image=image;images=images;
competences=skills;competence=skill;adhesion=membership;publication=publication;mois=month;raison=reason;optionnelle=optional;optionnel=optional;
departement=department;departements=departments;membre=member;membres=members;service=service;services=services;affectation=assignment;
indisponibilite=unavailability;rapport=report;article=item;articles=items;message=message;systeme=system;lu=read;non-lu=unread;
preferences=preferences;parametres=settings;planification=planning;equipe=team;eglise=church;tenue=outfit;reference=reference;
assigne=assigned;actuel=current;actuelle=current;attributaire=assignee;concerne=concerned;brouillon=draft;publie=published;invitation=invitation;
evenement=event;calendrier=calendar;liste=list;courses=shopping;commande=order;facture=invoice;paiement=payment;compte=account;tache=task;
projet=project;fichier=file;debut=start;fin=end;creation=creation;obligatoire=required;unique=unique;numero=number;
`,
  it: `${SHARED_ROMANCE}
attributi chiave=attributes;attributi=attributes;campi=fields;relazioni=relationships;relazione=relationship;
appartiene a=belongs to;ha=has;hanno=have;contiene=contains;include=includes;con=with;e=and;o=or;
di=of;del=of the;della=of the;dello=of the;dei=of the;degli=of the;delle=of the;il=the;lo=the;la=the;i=the;gli=the;le=the;l=the;
un=a;uno=a;una=an;suo=its;sua=its;al=to the;alla=to the;in=in;per=per;da=from;
nome=name;cognome=last name;telefono=phone;indirizzo=address;citta=city;paese=country;valuta=currency;stato=status;stati=states;ciclo di vita=lifecycle;tipo=type;
categoria=category;descrizione=description;data=date;ora=time;prezzo=price;importo=amount;quantita=quantity;valore=value;codice=code;
utente=user;utenti=users;cliente=customer;fornitore=supplier;articolo=item;articoli=items;movimento=movement;movimenti=movements;
giacenza=stock;corrente=current;scorta=stock;minima=minimum;minimo=minimum;costo=cost;unitario=unit;unita=unit;misura=measure;
unita di misura=unit;note=notes;nota=note;carico=load;scarico=unload;magazzino=warehouse;prodotto=product;componente=component;
se=if;motivo=reason;riferimento=reference;univoco=unique;univoca=unique;descrittive=descriptive;testuale=text;operazione=operation;soglia=threshold;inizio=start;fine=end;creazione=creation;obbligatorio=required;unico=unique;numero=number;
ordine=order;fattura=invoice;pagamento=payment;conto=account;compito=task;progetto=project;squadra=team;membro=member;file=file;
`,
  pt: `${SHARED_ROMANCE}
atributos chave=attributes;atributos=attributes;campos=fields;relacionamentos=relationships;relacoes=relationships;
pertence a=belongs to;tem=has;possui=has;contem=contains;inclui=includes;com=with;e=and;ou=or;
de=of;do=of the;da=of the;dos=of the;das=of the;o=the;a=the;os=the;as=the;um=a;uma=an;seu=its;sua=its;ao=to the;em=in;no=in the;na=in the;por=per;para=for;
nome=name;sobrenome=last name;telefone=phone;endereco=address;cidade=city;pais=country;moeda=currency;status=status;situacao=status;
estado=status;estados=states;ciclo de vida=lifecycle;tipo=type;categoria=category;descricao=description;data=date;hora=time;preco=price;valor=amount;quantidade=quantity;
codigo=code;senha=password;usuario=user;usuarios=users;cliente=customer;escola=school;viagem=trip;passageiro=passenger;pagamento=payment;
pagamentos=payments;titulo=title;imagem=image;ativo=active;inicio=start;fim=end;criacao=creation;obrigatorio=required;unico=unique;numero=number;
pedido=order;fatura=invoice;conta=account;tarefa=task;projeto=project;equipe=team;membro=member;arquivo=file;motivo=reason;observacoes=notes;
`,
  de: `
attribute=attributes;felder=fields;beziehungen=relationships;gehoert zu=belongs to;hat=has;enthaelt=contains;mit=with;und=and;oder=or;
der=the;die=the;das=the;ein=a;eine=an;einer=a;von=of;fuer=for;pro=per;
name=name;vorname=first name;nachname=last name;telefon=phone;adresse=address;stadt=city;land=country;waehrung=currency;status=status;
typ=type;art=type;kategorie=category;beschreibung=description;datum=date;uhrzeit=time;zeit=time;preis=price;betrag=amount;menge=quantity;
anzahl=count;wert=value;code=code;passwort=password;benutzer=user;nutzer=user;kunde=customer;konto=account;buchung=transaction;
transaktion=transaction;familie=family;kind=child;kinder=children;eltern=parent;rechnung=invoice;zahlung=payment;aufgabe=task;projekt=project;
team=team;mitglied=member;datei=file;grund=reason;notiz=note;notizen=notes;beginn=start;ende=end;erstellt=created;eindeutig=unique;
pflicht=required;optional=optional;nummer=number;bestellung=order;
beitrag=fee;beitraege=fees;jahr=year;monat=month;tag=day;bezahlt=paid;verein=club;mitglieder=members;geburtsdatum=birth date;
veranstaltung=event;termin=appointment;ort=place;raum=room;produkt=product;artikel=item;lager=warehouse;lieferant=supplier;
mitarbeiter=employee;abteilung=department;gruppe=group;rolle=role;nachricht=message;kommentar=comment;bewertung=rating;bild=image;
titel=title;inhalt=content;aktiv=active;geaendert=updated;
`,
};

interface TermList {
  /** Phrase (lower-case, transliterated words joined by spaces) → English. */
  terms: Map<string, string>;
  longest: number;
}

const termLists = new Map<string, TermList>();

function termList(language: string): TermList | undefined {
  const source = TERMS[language];
  if (!source) return undefined;
  let list = termLists.get(language);
  if (!list) {
    const terms = new Map<string, string>();
    let longest = 1;
    for (const entry of source.split(/[;\n]/)) {
      const [from, to] = entry.split('=');
      if (!from?.trim() || to === undefined) continue;
      const key = from.trim().toLowerCase();
      terms.set(key, to.trim());
      longest = Math.max(longest, key.split(/\s+/).length);
    }
    list = { terms, longest };
    termLists.set(language, list);
  }
  return list;
}

/** English adjectives that Romance languages put after their noun ("precio mínimo" → "price minimum"). */
const POSTPOSED = /^(minimum|maximum|previous|new|external|internal|current|active|inactive|assigned|base|suggested|general|default|unique|total|unit|final|initial|effective|optional|required|main|principal|primary|secondary|public|private|last|first|next|daily|monthly|annual|weekly|real|estimated|expected|calculated|applied|associated|original|concerned)$/i;
const ROMANCE = new Set<SpecLanguage>(['es', 'fr', 'it', 'pt']);

/** Words whose "of" is part of their English name ("number of items", "date of birth"). */
const KEEPS_OF = /^(number|count|total|amount|quantity|list|set)$/;

/**
 * A spec text in English words: term-list phrases replaced (longest first), other words
 * transliterated, then "X of Y" between two nouns turned into "Y X". Punctuation, numbers,
 * backticked code and layout are kept as they are.
 */
export function toEnglish(text: string, language: SpecLanguage): string {
  if (language === 'en') return text;
  const list = termList(language);
  const plain = transliterate(text);
  if (!list) return plain;
  // Tokens: words (letters, digits, inner hyphens) and everything between them.
  const tokens = plain.match(/[A-Za-z][A-Za-z0-9-]*|[^A-Za-z]+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!/^[A-Za-z]/.test(token)) {
      out.push(token);
      continue;
    }
    let replaced = false;
    // Try the longest phrase starting here: words separated by single spaces (or an apostrophe).
    for (let n = list.longest; n >= 1 && !replaced; n--) {
      const words: string[] = [];
      let j = i;
      while (words.length < n && j < tokens.length) {
        if (!/^[A-Za-z]/.test(tokens[j])) break;
        words.push(tokens[j]);
        if (words.length < n && (tokens[j + 1] === ' ' || tokens[j + 1] === "'" || tokens[j + 1] === '’')) j += 2;
        else break;
      }
      if (words.length !== n) continue;
      const english = list.terms.get(words.join(' ').toLowerCase());
      if (english === undefined) continue;
      const capital = /^[A-Z]/.test(token);
      out.push(capital && english ? english.charAt(0).toUpperCase() + english.slice(1) : english);
      i = i + (n - 1) * 2;
      replaced = true;
    }
    if (!replaced) out.push(token);
  }
  const joined = out.join('').replace(/\bthe the\b/gi, 'the').replace(/ {2,}/g, ' ');
  // "price minimum" → "minimum price": an adjective after its noun goes before it.
  const ordered = ROMANCE.has(language)
    ? joined.replace(/\b([A-Za-z]+) ([A-Za-z]+)\b/g, (whole, noun: string, adjective: string) =>
        POSTPOSED.test(adjective) && !POSTPOSED.test(noun) && !/^(the|a|an|its|of|and|or|with|to|in|per|for|has|is)$/i.test(noun) ? `${adjective} ${noun}` : whole,
      )
    : joined;
  // "date of publication" → "publication date", "type of unit" → "unit type" (one word each side).
  return ordered.replace(/\b([A-Za-z]+) of (?:the )?([A-Za-z]+)\b/g, (whole, head: string, modifier: string) =>
    KEEPS_OF.test(head.toLowerCase()) || /^(the|a|an|its)$/i.test(modifier) ? whole : `${modifier} ${head}`,
  );
}
